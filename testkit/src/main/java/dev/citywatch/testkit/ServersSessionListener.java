package dev.citywatch.testkit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared test servers when the test run in this JVM ends, while the JVM is still fully
 * up. Registered through {@code META-INF/services}.
 */
public final class ServersSessionListener implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    TestServers.stopAll();
  }
}
