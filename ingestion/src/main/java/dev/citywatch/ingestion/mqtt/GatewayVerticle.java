package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.auth.CertificateIdentity;
import dev.citywatch.ingestion.auth.DeviceAuthenticator;
import dev.citywatch.ingestion.config.TlsSettings;
import dev.citywatch.model.inventory.Inventory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT listeners of one event loop (TCP, and TLS and WebSocket when configured): authenticates
 * each connection, then hands it to a {@link DeviceConnection}.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private final GatewayServices services;
  private final Inventory inventory;
  private final Set<DeviceConnection> connections = new LinkedHashSet<>();
  private DeviceAuthenticator authenticator;
  private MqttServer tcp;
  private MqttServer tls;
  private MqttServer websocket;
  private long lastWrongPathLog;
  private long wrongPathsNotLogged;

  public GatewayVerticle(GatewayServices services, Inventory inventory) {
    this.services = services;
    this.inventory = inventory;
  }

  @Override
  public Future<?> start() {
    SocketReads.check();
    WebSocketPaths.check();
    context.exceptionHandler(this::unhandled);
    authenticator = new DeviceAuthenticator(vertx, inventory);
    var config = services.config();
    tcp = MqttServer.create(vertx, baseOptions().setPort(config.mqttPort())).endpointHandler(this::onConnect)
        .exceptionHandler(this::onConnectionError);
    List<Future<?>> listening = new ArrayList<>(List.of(tcp.listen()));
    config.tls().ifPresent(settings -> {
      tls = MqttServer.create(vertx, tlsOptions(settings)).endpointHandler(this::onConnect).exceptionHandler(this::onConnectionError);
      listening.add(tls.listen());
    });
    if (config.websocketPort() >= 0) {
      MqttServerOptions ws = baseOptions().setPort(config.websocketPort()).setUseWebSocket(true);
      ws.setWebSocketMaxFrameSize(services.maxPacketSize());
      websocket = MqttServer.create(vertx, ws).endpointHandler(this::onConnect).exceptionHandler(this::onConnectionError);
      WebSocketPaths.guard(websocket, this::onWrongWebSocketPath);
      listening.add(websocket.listen());
    }
    return Future.all(listening);
  }

  /**
   * Packets a client pipelined behind the one that got it disconnected (a rate or topic offence)
   * reach the MQTT codec after the connection is closed, which throws "not connected"; that is the
   * expected end of such a client, not a gateway fault.
   */
  private void unhandled(Throwable t) {
    String message = String.valueOf(t.getMessage());
    if (t instanceof IllegalArgumentException && message.contains("not connected client")) {
      LOG.debug("[gateway] packet after the connection was closed: {}", message);
    } else if (t instanceof IllegalArgumentException && message.matches("unknown \\S+ reason code: .*")) {
      // Vert.x's MQTT codec throws on a reason code MQTT does not define (a client's DISCONNECT or
      // PUBREL) instead of failing the connection: the client's fault, found by frame fuzzing.
      services.metrics().protocolError();
      LOG.debug("[gateway] illegal packet from a client: {}", message);
    } else {
      services.metrics().unhandledError();
      LOG.error("[gateway] unhandled exception on an event loop", t);
    }
  }

  /**
   * A connection that broke before it became a device's: malformed frames, a reset, a failed TLS
   * handshake. Hostile or broken clients cause these by the thousand, so they are counted and
   * logged at DEBUG; at ERROR (Vert.x's default) an attacker could fill the disk with our logs.
   */
  private void onConnectionError(Throwable t) {
    if (!(t instanceof java.io.IOException)) services.metrics().protocolError();
    LOG.debug("[gateway] connection closed before login: {}", t.toString());
  }

  /**
   * An HTTP request on the WebSocket listener for another path than /mqtt, answered 404. Counted;
   * logged in one short line, at most one a second (with how many were not logged), so that a flood
   * of such requests cannot fill the disk.
   */
  private void onWrongWebSocketPath(String path) {
    services.metrics().websocketRefused();
    long now = System.nanoTime();
    if (now - lastWrongPathLog < 1_000_000_000L && lastWrongPathLog != 0) {
      wrongPathsNotLogged++;
      return;
    }
    String shown = path.length() > 64 ? path.substring(0, 64) + "…" : path;
    LOG.info("[gateway] WebSocket request for '{}' answered 404 (MQTT is at {}){}", shown.replaceAll("[^\\x20-\\x7E]", "?"),
        WebSocketPaths.PATH, wrongPathsNotLogged == 0 ? "" : "; " + wrongPathsNotLogged + " more since the last such line");
    lastWrongPathLog = now;
    wrongPathsNotLogged = 0;
  }

  @Override
  public Future<?> stop() {
    new ArrayList<>(connections).forEach(DeviceConnection::shutDown);
    List<Future<?>> closing = new ArrayList<>();
    for (MqttServer server : new MqttServer[] {tcp, tls, websocket}) {
      if (server != null) closing.add(server.close());
    }
    return Future.all(closing);
  }

  /** Shutdown, first step: no connection of this event loop reads another message. */
  public Future<Void> drain() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      connections.forEach(DeviceConnection::drain);
      done.complete();
    });
    return done.future();
  }

  private MqttServerOptions baseOptions() {
    return new MqttServerOptions()
        .setHost(services.config().bindHost())
        // The payload limit is enforced by the decoders with a clear reason; this only caps the frame.
        .setMaxMessageSize(services.maxPacketSize())
        .setTimeoutOnConnect((int) services.limits().connectTimeout().toSeconds());
  }

  private MqttServerOptions tlsOptions(TlsSettings settings) {
    MqttServerOptions options = baseOptions().setPort(settings.port()).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(settings.certificateChain().toString())
            .setKeyPath(settings.privateKey().toString()));
    options.setEnabledSecureTransportProtocols(new HashSet<>(TlsSettings.PROTOCOLS));
    settings.deviceCa().ifPresent(ca -> options
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
        // REQUEST, not REQUIRE: devices without a certificate still log in with a password.
        .setClientAuth(ClientAuth.REQUEST));
    return options;
  }

  /** Port of the plain MQTT listener. */
  public int tcpPort() {
    return tcp.actualPort();
  }

  /** Port of the TLS listener, or -1. */
  public int tlsPort() {
    return tls == null ? -1 : tls.actualPort();
  }

  /** Port of the WebSocket listener, or -1. */
  public int websocketPort() {
    return websocket == null ? -1 : websocket.actualPort();
  }

  private void onConnect(MqttEndpoint endpoint) {
    String address = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().hostAddress();
    String username = endpoint.auth() == null || endpoint.auth().getUsername() == null ? "" : endpoint.auth().getUsername();
    if (!services.accepting().getAsBoolean()) {
      endpoint.reject(ReasonCodes.connack(Refusal.SHUTTING_DOWN, endpoint.protocolVersion()));
      return;
    }
    if (services.throttle().isBlocked(address)) {
      services.metrics().authFailure();
      endpoint.reject(ReasonCodes.connack(Refusal.THROTTLED, endpoint.protocolVersion()));
      return;
    }
    // The client may go away while its password is being checked; then there is no one to answer.
    AtomicBoolean gone = new AtomicBoolean();
    endpoint.closeHandler(v -> gone.set(true));
    endpoint.exceptionHandler(this::onConnectionError);
    Optional<String> certificate = endpoint.isSsl() ? CertificateIdentity.of(endpoint.sslSession()) : Optional.empty();
    Duration delay = certificate.isPresent() ? Duration.ZERO : services.throttle().delayFor(username);
    Future<Void> waited = delay.isZero() ? Future.succeededFuture() : vertx.timer(delay.toMillis()).mapEmpty();
    waited.compose(v -> authenticator.authenticate(endpoint.auth(), certificate))
        .compose(device -> services.quota().tryAcquire(device.tenant())
            ? Future.succeededFuture(device)
            : Future.failedFuture(new GatewayException(Refusal.QUOTA_EXCEEDED, "connection quota of tenant " + device.tenant() + " reached")))
        .onSuccess(device -> {
          if (gone.get()) {
            services.quota().release(device.tenant());
            return;
          }
          DeviceConnection connection = new DeviceConnection(endpoint, device, context, services, connections::remove);
          connections.add(connection);
          connection.accept();
        })
        .onFailure(failure -> {
          services.metrics().authFailure();
          Refusal refusal = GatewayException.of(failure);
          if (refusal == Refusal.BAD_CREDENTIALS) {
            services.throttle().failed(address, username);
            LOG.info("[address={} user={}] login refused: {}", address, username, failure.getMessage());
          }
          if (gone.get()) return;
          endpoint.reject(ReasonCodes.connack(refusal, endpoint.protocolVersion()));
        });
  }
}
