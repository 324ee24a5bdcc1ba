package dev.citywatch.sim.truth;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.Severity;
import dev.citywatch.model.criteria.AirQualityCriteria;
import dev.citywatch.model.criteria.Criteria;
import dev.citywatch.model.criteria.TrafficCriteria;
import dev.citywatch.model.inventory.StageLevels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reference implementations of the alert rules (docs/detection.md), written plainly over one
 * device's or area's readings in time order. The ground truth applies them to the very readings
 * the simulated devices send; the stream jobs implement the same rules as streaming operators.
 */
final class Oracles {
  private Oracles() {}

  /** Rolling rainfall sums against the KMA lines. */
  static final class Rain {
    private final Criteria criteria;
    private final Deque<Reading> last12h = new ArrayDeque<>();
    final Peak peak = new Peak();

    Rain(Criteria criteria) {
      this.criteria = criteria;
    }

    void accept(Reading r) {
      last12h.addLast(r);
      while (!last12h.isEmpty() && !last12h.peekFirst().time().isAfter(r.time().minus(Duration.ofHours(12)))) last12h.removeFirst();
      double h1 = 0;
      double h3 = 0;
      double h12 = 0;
      for (Reading x : last12h) {
        h12 += x.value();
        if (x.time().isAfter(r.time().minus(Duration.ofHours(3)))) h3 += x.value();
        if (x.time().isAfter(r.time().minus(Duration.ofHours(1)))) h1 += x.value();
      }
      peak.see(criteria.heavyRain().severity(thousandths(h1), thousandths(h3), thousandths(h12)), r.time());
    }
  }

  /** Sums of tenths, to a thousandth, as the detector rounds them (no 59.999… short of 60). */
  static double thousandths(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** River stage against the gauge's levels, one step higher while rising fast. */
  static final class River {
    private final Criteria criteria;
    private final StageLevels stages;
    private final Deque<Reading> window = new ArrayDeque<>();
    final Peak peak = new Peak();

    River(Criteria criteria, StageLevels stages) {
      this.criteria = criteria;
      this.stages = stages;
    }

    void accept(Reading r) {
      Duration span = criteria.flood().riseWindow();
      window.addLast(r);
      while (window.size() > 1 && window.peekFirst().time().isBefore(r.time().minus(span))) window.removeFirst();
      Reading oldest = window.peekFirst();
      double hours = Duration.between(oldest.time(), r.time()).toMillis() / 3_600_000.0;
      double rise = hours >= span.toMillis() / 3_600_000.0 * 0.9 ? (r.value() - oldest.value()) / hours : 0;
      peak.see(criteria.flood().severity(stages, r.value(), rise), r.time());
    }
  }

  /** A tenant's particulates: the mean of its stations' hourly means, held over the line for the persistence time. */
  static final class Air {
    private final AirQualityCriteria criteria;
    private final Quantity quantity;
    private final Map<String, Deque<Reading>> hourByStation = new HashMap<>();
    private Instant cautionSince;
    private Instant warningSince;
    final Peak peak = new Peak();

    Air(Criteria criteria, Quantity quantity) {
      this.criteria = criteria.airQuality();
      this.quantity = quantity;
    }

    void accept(String station, Reading r) {
      Deque<Reading> hour = hourByStation.computeIfAbsent(station, s -> new ArrayDeque<>());
      hour.addLast(r);
      while (!hour.peekFirst().time().isAfter(r.time().minus(criteria.meanWindow()))) hour.removeFirst();
      double sum = 0;
      for (Deque<Reading> d : hourByStation.values()) {
        sum += d.stream().mapToDouble(Reading::value).average().orElse(0);
      }
      double mean = sum / hourByStation.size();
      AirQualityCriteria.Pollutant lines = criteria.of(quantity);
      cautionSince = mean >= lines.cautionMean() ? (cautionSince == null ? r.time() : cautionSince) : null;
      warningSince = mean >= lines.warningMean() ? (warningSince == null ? r.time() : warningSince) : null;
      Instant held = r.time().minus(criteria.persistence());
      Optional<Severity> level = warningSince != null && !warningSince.isAfter(held) ? Optional.of(Severity.WARNING)
          : cautionSince != null && !cautionSince.isAfter(held) ? Optional.of(Severity.CAUTION) : Optional.empty();
      peak.see(level, r.time());
    }
  }

  /** Heat (fixed temperature, or a sustained rate of rise), confirmed by smoke. */
  static final class Fire {
    private final Criteria criteria;
    private Reading lastTemperature;
    private int risingReadings;
    final Peak peak = new Peak();

    Fire(Criteria criteria) {
      this.criteria = criteria;
    }

    void accept(Reading temperature, Reading smoke) {
      if (lastTemperature != null) {
        double minutes = Duration.between(lastTemperature.time(), temperature.time()).toMillis() / 60_000.0;
        double rate = minutes > 0 ? (temperature.value() - lastTemperature.value()) / minutes : 0;
        risingReadings = rate >= criteria.fire().rateOfRiseCPerMinute() ? risingReadings + 1 : 0;
      }
      lastTemperature = temperature;
      boolean heat = temperature.value() >= criteria.fire().fixedTemperatureC() || risingReadings >= criteria.fire().rateSustainedReadings();
      if (heat) {
        peak.see(Optional.of(smoke.value() >= criteria.fire().smokeConfirmPercent() ? Severity.WARNING : Severity.CAUTION),
            temperature.time());
      }
    }
  }

  /** A segment's speed level (mean of its detectors' latest speeds): every update 정체 for the persistence time. */
  static final class Congestion {
    private final TrafficCriteria.SpeedLevels levels;
    private final Duration persistence;
    private final Map<String, Reading> latestSpeed = new HashMap<>();
    private Instant congestedSince;
    final Peak peak = new Peak();

    Congestion(TrafficCriteria.SpeedLevels levels, Duration persistence) {
      this.levels = levels;
      this.persistence = persistence;
    }

    /** A detector whose latest reading is older than this does not count (as in the detection job). */
    static final Duration STALE = Duration.ofMinutes(5);

    void accept(String detector, Reading speed) {
      Instant t = speed.time();
      latestSpeed.put(detector, speed);
      double mean = latestSpeed.values().stream().filter(r -> !r.time().isBefore(t.minus(STALE))).mapToDouble(Reading::value)
          .average().orElse(speed.value());
      boolean congested = levels.level(mean) == TrafficCriteria.Level.CONGESTED;
      congestedSince = congested ? (congestedSince == null ? t : congestedSince) : null;
      if (congestedSince != null && !Duration.between(congestedSince, t).minus(persistence).isNegative()) {
        peak.see(Optional.of(Severity.ATTENTION), t);
      }
    }
  }

  /**
   * Upstream against downstream occupancy: high above, low below, and low below compared with its
   * own usual level (a slow average), on every update for the persistence time.
   */
  static final class Incident {
    private final TrafficCriteria.Incident rule;
    private final Map<String, Double> upstream = new HashMap<>();
    private final Map<String, Double> downstream = new HashMap<>();
    private double usualDownstream = Double.NaN;
    private Instant lastUsualUpdate;
    private Instant suspiciousSince;
    final Peak peak = new Peak();

    Incident(TrafficCriteria.Incident rule) {
      this.rule = rule;
    }

    void accept(boolean isUpstream, String detector, double occupancy, Instant t) {
      (isUpstream ? upstream : downstream).put(detector, occupancy);
      if (upstream.isEmpty() || downstream.isEmpty()) return;
      double up = upstream.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double down = downstream.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      boolean looks = up - down >= rule.occupancyDifference() && up > 0 && (up - down) / up >= rule.relativeDifference()
          && !Double.isNaN(usualDownstream) && down <= rule.downstreamRatio() * usualDownstream;
      suspiciousSince = looks ? (suspiciousSince == null ? t : suspiciousSince) : null;
      if (suspiciousSince != null && !Duration.between(suspiciousSince, t).minus(rule.persistence()).isNegative()) {
        peak.see(Optional.of(Severity.CAUTION), t);
      }
      if (!isUpstream && !looks) {
        usualDownstream = usual(usualDownstream, down, lastUsualUpdate, t);
        lastUsualUpdate = t;
      }
    }

    /** An exponential average with a 30-minute time constant; learning pauses while an incident is suspected. */
    static double usual(double previous, double value, Instant last, Instant now) {
      if (Double.isNaN(previous) || last == null) return value;
      double dt = Math.max(0, Duration.between(last, now).toMillis()) / 1000.0;
      double alpha = 1 - Math.exp(-dt / 1_800.0);
      return previous + alpha * (value - previous);
    }
  }
}
