package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.auth.DeviceAuthenticator;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.model.inventory.Inventory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import dev.citywatch.ingestion.auth.LoginThrottle;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MQTT listener: authenticates each connection, then hands it to a {@link DeviceConnection}. */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private final GatewayConfig config;
  private final Inventory inventory;
  private final MessagePipeline pipeline;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final LoginThrottle throttle;
  private final PublishRateLimiter rateLimiter;
  private final SessionRegistry sessions;
  private final ConnectionQuota quota;
  private final ServerCapabilities capabilities;
  private DeviceAuthenticator authenticator;
  private MqttServer server;

  public GatewayVerticle(GatewayConfig config, Inventory inventory, MessagePipeline pipeline, GatewayMetrics metrics, Clock clock,
                         LoginThrottle throttle, PublishRateLimiter rateLimiter, SessionRegistry sessions, ConnectionQuota quota) {
    this.quota = quota;
    this.capabilities = new ServerCapabilities(config.gatewayLimits().receiveMaximum(), maxPacketSize(config));
    this.throttle = throttle;
    this.rateLimiter = rateLimiter;
    this.sessions = sessions;
    this.config = config;
    this.inventory = inventory;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    authenticator = new DeviceAuthenticator(vertx, inventory);
    MqttServerOptions options = new MqttServerOptions()
        .setHost(config.mqttHost())
        .setPort(config.mqttPort())
        // The payload limit is enforced by the decoders with a clear reason; this only caps the frame.
        .setMaxMessageSize(maxPacketSize(config))
        .setTimeoutOnConnect((int) config.gatewayLimits().connectTimeout().toSeconds());
    server = MqttServer.create(vertx, options).endpointHandler(this::onConnect);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Largest MQTT packet accepted: room for the largest payload plus topic and properties. */
  private static int maxPacketSize(GatewayConfig config) {
    return config.limits().maxPayloadBytes() * 2;
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void onConnect(MqttEndpoint endpoint) {
    String address = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().hostAddress();
    String username = endpoint.auth() == null || endpoint.auth().getUsername() == null ? "" : endpoint.auth().getUsername();
    if (throttle.isBlocked(address)) {
      metrics.authFailure();
      endpoint.reject(ReasonCodes.connack(Refusal.THROTTLED, endpoint.protocolVersion()));
      return;
    }
    Duration delay = throttle.delayFor(username);
    Future<Void> waited = delay.isZero() ? Future.succeededFuture() : vertx.timer(delay.toMillis()).mapEmpty();
    waited.compose(v -> authenticator.authenticate(endpoint.auth()))
        .compose(device -> quota.tryAcquire(device.tenant())
            ? Future.succeededFuture(device)
            : Future.failedFuture(new GatewayException(Refusal.QUOTA_EXCEEDED, "connection quota of tenant " + device.tenant() + " reached")))
        .onSuccess(device -> new DeviceConnection(endpoint, device, pipeline, metrics, clock, config.gatewayId(), context,
            rateLimiter, sessions, quota, capabilities).accept())
        .onFailure(failure -> {
          metrics.authFailure();
          Refusal refusal = GatewayException.of(failure);
          if (refusal == Refusal.BAD_CREDENTIALS) {
            throttle.failed(address, username);
            LOG.info("[address={} user={}] login refused", address, username);
          }
          endpoint.reject(ReasonCodes.connack(refusal, endpoint.protocolVersion()));
        });
  }
}
