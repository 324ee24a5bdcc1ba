package dev.citywatch.alerting.webhook;

import dev.citywatch.alerting.cap.CapMessage;
import dev.citywatch.alerting.subscription.Subscriber;
import dev.citywatch.model.inventory.WebhookSubscription;
import java.time.Instant;

/** Builds the body a subscriber gets for a delivery, in its format, as the alert stands now. */
public final class PayloadFactory {
  private final AlertHistory history;
  private final CapMessage cap;
  private final String consoleUrl;

  public PayloadFactory(AlertHistory history, CapMessage cap, String consoleUrl) {
    this.history = history;
    this.cap = cap;
    this.consoleUrl = consoleUrl;
  }

  public Payload build(Subscriber subscriber, Delivery delivery, Instant now) {
    if (subscriber.subscription().format() == WebhookSubscription.Format.CAP) {
      return new Payload(cap.write(delivery.alert(), history.steps(delivery.alert().alertId())), Payload.CAP);
    }
    return new Payload(JsonBody.of(delivery, now, history.acknowledgement(delivery.alert().alertId()), consoleUrl), Payload.JSON);
  }
}
