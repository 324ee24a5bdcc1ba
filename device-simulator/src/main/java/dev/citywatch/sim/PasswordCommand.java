package dev.citywatch.sim;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.InventoryLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sim password deviceId@tenant}: the password of one simulated device, for trying the
 * gateway by hand ({@code mosquitto_pub -P "$(./citywatch sim password …)"}). Printed on request
 * only, to standard output, so that it never lands in the demo's console or logs.
 */
@Command(name = "password", mixinStandardHelpOptions = true,
    description = "Prints the MQTT password of one simulated device (user name deviceId@tenant), derived from inventory/simulated-fleet.key.")
public final class PasswordCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DEVICE@TENANT", description = "e.g. wonju-aq-001@wonju")
  String user;

  @Override
  public Integer call() throws Exception {
    int at = user.indexOf('@');
    String device = at < 0 ? "" : user.substring(0, at);
    String tenant = at < 0 ? "" : user.substring(at + 1);
    if (InventoryLoader.loadDefault().device(tenant, device).isEmpty()) {
      System.err.println("no simulated device '" + user + "' (expected deviceId@tenant of inventory/gangwon.yaml, e.g. wonju-aq-001@wonju)");
      return 2;
    }
    System.out.println(new String(FleetCredentials.development().password(tenant, device)));
    return 0;
  }
}
