package dev.citywatch.launcher;

import dev.citywatch.alerting.receiver.WebhookReceiver;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "webhook-receiver", mixinStandardHelpOptions = true,
    description = {"Receives CityWatch webhooks: verifies each signature (401 when it does not verify), deduplicates by "
        + "Idempotency-Key and prints each alert in one line. Runs until Ctrl-C.",
        "Example: ./citywatch webhook-receiver --port 8090 --secret \"$CITYWATCH_WEBHOOK_SECRET_WONJU_DISASTER\""})
final class WebhookReceiverCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8090", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--secret", required = true, arity = "1",
      description = "A signing secret to verify with; repeat it to accept several subscriptions (or both sides of a rotation).")
  List<String> secrets;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    WebhookReceiver receiver = new WebhookReceiver(secrets, System.out, Clock.systemUTC());
    int bound = receiver.start(vertx, host, port).await(10, TimeUnit.SECONDS);
    System.out.printf("[receiver] listening on http://%s:%d/ with %d secret(s); Ctrl-C to stop%n", host, bound, secrets.size());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.printf("[receiver] stopping: %d accepted (%d unique), %d refused%n", receiver.received().size(),
          receiver.unique().size(), receiver.refused());
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
