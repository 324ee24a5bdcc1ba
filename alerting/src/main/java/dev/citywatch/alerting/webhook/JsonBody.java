package dev.citywatch.alerting.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.citywatch.alerting.webhook.AlertTexts.Lang;
import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireJson;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON webhook body, schema {@value #SCHEMA} (docs/webhooks.md): the event, the idempotency key
 * and the alert with Korean and English texts and its acknowledgement. Fields are only ever added
 * within one schema version; receivers ignore fields they do not know.
 */
public final class JsonBody {
  public static final String SCHEMA = "citywatch.webhook.v1";
  private static final ObjectMapper MAPPER = WireJson.mapper();

  private JsonBody() {}

  public static byte[] of(Delivery d, Instant sentAt, Optional<Acknowledgement> ack, String consoleUrl) {
    Alert a = d.alert();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("event", d.event());
    root.put("idempotency_key", d.idempotencyKey());
    root.put("subscription", d.subscriptionId());
    root.put("sent_at", sentAt.toString());
    ObjectNode alert = root.putObject("alert");
    alert.put("id", a.alertId());
    alert.put("version", a.version());
    alert.put("tenant", a.tenant());
    alert.put("kind", a.kind().id());
    alert.put("subject", a.subject());
    alert.put("state", a.state().name().toLowerCase(java.util.Locale.ROOT));
    alert.put("severity", a.severity().name());
    alert.put("severity_ko", a.severity().korean());
    texts(alert.putObject("event_name"), l -> AlertTexts.event(a.kind(), l));
    texts(alert.putObject("headline"), l -> AlertTexts.headline(a, l));
    texts(alert.putObject("description"), l -> AlertTexts.description(a, l));
    texts(alert.putObject("instruction"), l -> AlertTexts.instruction(a, l));
    if (a.location() != null) {
      alert.putObject("location").put("lat", a.location().lat()).put("lon", a.location().lon());
    } else {
      alert.putNull("location");
    }
    alert.put("area", a.area());
    ObjectNode evidence = alert.putObject("evidence");
    a.evidence().forEach(evidence::put);
    instant(alert, "window_start", a.windowStart());
    instant(alert, "window_end", a.windowEnd());
    instant(alert, "event_time", a.eventTime());
    instant(alert, "received_at", a.receivedAt());
    instant(alert, "appended_at", a.appendedAt());
    instant(alert, "read_at", a.readAt());
    instant(alert, "detected_at", a.detectedAt());
    instant(alert, "emitted_at", a.emittedAt());
    if (ack.isPresent()) {
      alert.put("acknowledged_by", ack.get().by());
      alert.put("acknowledged_at", ack.get().at().toString());
    } else {
      alert.putNull("acknowledged_by");
      alert.putNull("acknowledged_at");
    }
    alert.put("console_url", consoleUrl + "#" + a.alertId());
    return WireJson.write(root);
  }

  private static void texts(ObjectNode node, java.util.function.Function<Lang, String> text) {
    node.put("ko", text.apply(Lang.KO));
    node.put("en", text.apply(Lang.EN));
  }

  private static void instant(ObjectNode node, String field, Instant value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.toString());
    }
  }
}
