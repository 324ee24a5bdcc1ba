package dev.citywatch.alerting.receiver;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The verifying webhook receiver as a process of its own (containers, exercises): listens on
 * {@code CITYWATCH_RECEIVER_PORT} (default 8090) and accepts what any secret in the
 * {@code CITYWATCH_WEBHOOK_SECRET_*} variables signed. On a workstation use
 * {@code ./citywatch webhook-receiver} instead.
 */
public final class ReceiverMain {
  private ReceiverMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    List<String> secrets = env.entrySet().stream().filter(e -> e.getKey().startsWith("CITYWATCH_WEBHOOK_SECRET_"))
        .map(Map.Entry::getValue).filter(v -> !v.isBlank()).toList();
    if (secrets.isEmpty()) {
      System.err.println("no CITYWATCH_WEBHOOK_SECRET_* variable is set: there is nothing to verify webhooks with");
      System.exit(2);
    }
    int port = Integer.parseInt(env.getOrDefault("CITYWATCH_RECEIVER_PORT", "8090").strip());
    Vertx vertx = Vertx.vertx();
    WebhookReceiver receiver = new WebhookReceiver(secrets, System.out, Clock.systemUTC());
    int bound = receiver.start(vertx, "0.0.0.0", port).await(10, TimeUnit.SECONDS);
    System.out.printf("[receiver] listening on port %d with %d secret(s)%n", bound, secrets.size());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close();
      stopped.countDown();
    }, "receiver-stop"));
    stopped.await();
  }
}
