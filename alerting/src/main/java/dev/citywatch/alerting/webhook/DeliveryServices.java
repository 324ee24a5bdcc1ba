package dev.citywatch.alerting.webhook;

import dev.citywatch.alerting.kafka.DeadLetters;
import dev.citywatch.alerting.kafka.PendingJournal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** What every endpoint queue shares; {@code context} is the event loop they all run on. */
public record DeliveryServices(
    Vertx vertx,
    Context context,
    WebhookClient client,
    PayloadFactory payloads,
    PendingJournal journal,
    DeadLetters deadLetters,
    DeliveryLog log,
    RetryPolicy retry,
    Duration breakerReset,
    Clock clock,
    RandomGenerator random) {}
