package dev.citywatch.ingestion.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttServer;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Answers an HTTP request on the MQTT-over-WebSocket listener whose path is not {@code /mqtt} with
 * a prompt {@code 404} and closes the connection.
 *
 * <p>vertx-mqtt 5.0 hands such a request on to its MQTT connection, which fails it with a stack
 * trace (49 lines, logged by Netty at WARN for every request) and holds the socket until the
 * CONNECT timeout: a lever to flood the logs. vertx-mqtt offers no hook into its channel pipeline,
 * so {@link #guard} gives the server a {@link NetServer} whose connect handler adds this handler to
 * each connection's pipeline, ahead of Netty's WebSocket handshake. {@link #check()} runs at gateway
 * start-up, so a Vert.x upgrade that changes what this relies on fails loudly there.
 */
final class WebSocketPaths extends ChannelInboundHandlerAdapter {
  static final String PATH = "/mqtt";
  private static final Field SERVER = serverField();
  private static final String HANDSHAKE_HANDLER = "webSocketHandler";

  private final Consumer<String> onRefused;

  private WebSocketPaths(Consumer<String> onRefused) {
    this.onRefused = onRefused;
  }

  /** Before {@code server.listen()}: every request for another path is answered 404; {@code onRefused} gets its path. */
  static void guard(MqttServer server, Consumer<String> onRefused) {
    check();
    try {
      NetServer net = (NetServer) SERVER.get(server);
      SERVER.set(server, Proxy.newProxyInstance(NetServer.class.getClassLoader(), new Class<?>[] {NetServer.class},
          (proxy, method, args) -> {
            if (method.getName().equals("connectHandler") && args != null && args.length == 1) {
              @SuppressWarnings("unchecked")
              Handler<NetSocket> mqtt = (Handler<NetSocket>) args[0];
              net.connectHandler(socket -> {
                mqtt.handle(socket); // builds vertx-mqtt's pipeline first
                var pipeline = ((NetSocketInternal) socket).channelHandlerContext().pipeline();
                ChannelHandler guard = new WebSocketPaths(onRefused);
                if (pipeline.get(HANDSHAKE_HANDLER) != null) pipeline.addBefore(HANDSHAKE_HANDLER, "citywatchPathGuard", guard);
              });
              return proxy;
            }
            return method.invoke(net, args);
          }));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot guard the WebSocket listener's paths", e);
    }
  }

  /** Fails when this vertx-mqtt version does not have the field this class relies on. */
  static void check() {
    if (SERVER == null) {
      throw new IllegalStateException("io.vertx.mqtt.impl.MqttServerImpl has no NetServer field 'server': "
          + "this vertx-mqtt version is not supported by the gateway's WebSocket path guard");
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && !PATH.equals(pathOf(request.uri()))) {
      ReferenceCountUtil.release(msg);
      onRefused.accept(pathOf(request.uri()));
      byte[] body = ("Not found: MQTT over WebSocket is served at " + PATH + "\n").getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
          Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CONNECTION, "close");
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  private static Field serverField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttServerImpl").getDeclaredField("server");
      if (!NetServer.class.isAssignableFrom(f.getType())) return null;
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
