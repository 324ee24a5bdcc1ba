package dev.citywatch.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A scenario: when (simulated time) a run starts, how long it lasts, which tenant it plays in, and
 * what happens. Loaded from YAML by {@link ScenarioLoader}.
 *
 * @param start simulated start (payload timestamps are simulated time)
 */
public record Scenario(String name, String description, Instant start, Duration duration, String tenant, List<ScenarioEvent> events) {
  public Scenario {
    events = List.copyOf(events);
  }

  public Instant end() {
    return start.plus(duration);
  }

  /**
   * The scenario moved by whole days, so its readings keep their time of day (traffic follows the
   * daily rhythm the scenario was written for), to the latest day on which it ends no later than
   * {@code latestEnd}. Played faster than real time, simulated time runs ahead of the clock; with
   * {@code latestEnd} = now + the wall-clock time it takes to play, it never gets ahead of it.
   */
  public Scenario onLatestDayEndingBy(Instant latestEnd) {
    long day = Duration.ofDays(1).toSeconds();
    long days = Math.floorDiv(Duration.between(end(), latestEnd).toSeconds(), day);
    return startingAt(start.plus(Duration.ofDays(days)));
  }

  /** The scenario with another start time (a demo plays a scenario now, not on its written date). */
  public Scenario startingAt(Instant newStart) {
    return new Scenario(name, description, newStart, duration, tenant, events);
  }
}
