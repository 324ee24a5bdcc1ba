package dev.citywatch.alerting.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.citywatch.alerting.webhook.AlertTexts;
import dev.citywatch.alerting.webhook.DeliveryAttempt;
import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireJson;

/** An alert as the console shows it: its latest step, since when, who acknowledged it, and recent deliveries. */
final class AlertView {
  private AlertView() {}

  static ObjectNode of(AlertBook book, Alert latest) {
    ObjectNode n = WireJson.mapper().createObjectNode();
    n.put("id", latest.alertId());
    n.put("version", latest.version());
    n.put("tenant", latest.tenant());
    n.put("kind", latest.kind().id());
    n.put("event_ko", AlertTexts.event(latest.kind(), AlertTexts.Lang.KO));
    n.put("event_en", AlertTexts.event(latest.kind(), AlertTexts.Lang.EN));
    n.put("state", latest.state().name().toLowerCase(java.util.Locale.ROOT));
    n.put("severity", latest.severity().name());
    n.put("severity_ko", latest.severity().korean());
    n.put("headline_ko", AlertTexts.headline(latest, AlertTexts.Lang.KO));
    n.put("headline_en", AlertTexts.headline(latest, AlertTexts.Lang.EN));
    n.put("subject", latest.subject());
    n.put("area", latest.area());
    if (latest.location() != null) {
      n.putObject("location").put("lat", latest.location().lat()).put("lon", latest.location().lon());
    }
    n.put("since", book.steps(latest.alertId()).get(0).eventTime().toString());
    n.put("updated", latest.eventTime().toString());
    book.acknowledgement(latest.alertId()).ifPresentOrElse(a -> {
      n.put("acknowledged_by", a.by());
      n.put("acknowledged_at", a.at().toString());
    }, () -> {
      n.putNull("acknowledged_by");
      n.putNull("acknowledged_at");
    });
    ArrayNode deliveries = n.putArray("deliveries");
    for (DeliveryAttempt d : book.attempts(latest.alertId())) {
      deliveries.addObject().put("subscription", d.subscription()).put("version", d.version()).put("attempt", d.attempt())
          .put("status", d.status()).put("outcome", d.outcome()).put("at", d.at().toString())
          .put("latency_ms", Math.round(d.latency().toNanos() / 1e5) / 10.0);
    }
    return n;
  }
}
