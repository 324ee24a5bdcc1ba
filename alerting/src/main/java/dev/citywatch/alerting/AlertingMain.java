package dev.citywatch.alerting;

import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.alerting.config.AlertingEnvironment;
import dev.citywatch.alerting.console.ApiTokens;
import dev.citywatch.alerting.subscription.Secrets;
import dev.citywatch.alerting.subscription.SubscriptionDirectory;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the alerting service as a process of its own (containers, drills): configuration from the
 * environment (see {@link AlertingEnvironment}), the inventory from {@code CITYWATCH_INVENTORY}
 * (required: no default), secrets as the inventory's references say. Stops on SIGTERM.
 */
public final class AlertingMain {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingMain.class);

  private AlertingMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    AlertingConfig config = AlertingEnvironment.read(env);
    Inventory inventory = InventoryLoader.loadConfigured("CITYWATCH_INVENTORY", env.get("CITYWATCH_INVENTORY"));
    SubscriptionDirectory directory = SubscriptionDirectory.of(inventory, new Secrets(env));
    Vertx vertx = Vertx.vertx();
    AlertingService service = new AlertingService(config, directory, new ApiTokens(inventory),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), new SecureRandom());
    vertx.deployVerticle(service).await(120, TimeUnit.SECONDS);
    LOG.info("[alerting] ready on port {}", service.port());
    System.out.println("alerting ready port=" + service.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("[alerting] did not stop cleanly: {}", e.toString());
      }
      stopped.countDown();
    }, "citywatch-alerting-stop"));
    stopped.await();
  }
}
