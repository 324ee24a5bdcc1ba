package dev.citywatch.alerting.receiver;

import java.time.Instant;

/**
 * One accepted request of a {@link WebhookReceiver}.
 *
 * @param duplicate whether its {@code Idempotency-Key} had been seen before (answered 200, not shown again)
 */
public record ReceivedAlert(String path, String idempotencyKey, String event, String contentType, String body,
                            Instant receivedAt, boolean duplicate) {}
