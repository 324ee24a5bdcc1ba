package dev.citywatch.sim.world;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.sim.scenario.ScenarioEvent.Earthquake;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ground acceleration at a seismic station, 100 samples per second: background noise, and for each
 * earthquake a P wave (at hypocentral distance / 6 km/s) and a stronger S wave (/ 3.5 km/s) whose
 * peak is the peak ground acceleration of Fukushima and Tanaka (1990), decaying with a coda.
 */
final class SeismicModel {
  static final int SAMPLES_PER_SECOND = 100;
  static final double NOISE_M_S2 = 0.002;
  static final double P_KM_S = 6.0;
  static final double S_KM_S = 3.5;

  private final Instant origin;
  private final Noise noise;
  private final List<Earthquake> quakes;

  SeismicModel(Instant origin, Noise noise, List<Earthquake> quakes) {
    this.origin = origin;
    this.noise = noise;
    this.quakes = List.copyOf(quakes);
  }

  /** Peak ground acceleration in cm/s² at hypocentral distance {@code km} (Fukushima and Tanaka 1990). */
  static double pgaCmPerS2(double magnitude, double km) {
    double log = 0.41 * magnitude - Math.log10(km + 0.032 * Math.pow(10, 0.41 * magnitude)) - 0.0034 * km + 1.30;
    return Math.pow(10, log);
  }

  static double hypocentralKm(Earthquake q, GeoPoint station) {
    double epicentral = Shapes.km(q.epicentre(), station);
    return Math.sqrt(epicentral * epicentral + q.depthKm() * q.depthKm());
  }

  /** Origin time of an earthquake of the scenario. */
  Instant originTime(Earthquake q) {
    return origin.plus(q.at());
  }

  /** The 100 samples (m/s²) of the second that starts at {@code second}. */
  double[] pack(String device, GeoPoint station, long second) {
    double[] samples = new double[SAMPLES_PER_SECOND];
    SplittableRandom random = noise.random("seismic:" + device, second);
    for (int i = 0; i < samples.length; i++) {
      double t = second + i / (double) SAMPLES_PER_SECOND;
      // Microseism (a slow swell) plus instrument noise.
      samples[i] = 0.0008 * Math.sin(2 * Math.PI * 0.2 * t) + NOISE_M_S2 * random.nextGaussian();
    }
    for (Earthquake q : quakes) {
      double t0 = originTime(q).toEpochMilli() / 1000.0;
      double r = hypocentralKm(q, station);
      double tp = t0 + r / P_KM_S;
      double ts = t0 + r / S_KM_S;
      double end = t0 + q.duration().toMillis() / 1000.0;
      if (second + 1 < tp || second > end) continue;
      double pga = pgaCmPerS2(q.magnitude(), r) / 100.0;
      double coda = 2.0 + r / 20.0;
      double sNorm = envelopePeak(0.3, coda);
      for (int i = 0; i < samples.length; i++) {
        double t = second + i / (double) SAMPLES_PER_SECOND;
        if (t >= tp && t < end) {
          double x = t - tp;
          samples[i] += 0.35 * pga * envelope(x, 0.15, 3.0) / envelopePeak(0.15, 3.0) * Math.sin(2 * Math.PI * 7.0 * x);
        }
        if (t >= ts && t < end) {
          double x = t - ts;
          samples[i] += pga * envelope(x, 0.3, coda) / sNorm * Math.sin(2 * Math.PI * 2.5 * x + Math.PI / 2);
        }
      }
    }
    return samples;
  }

  private static double envelope(double x, double rise, double decay) {
    return (1 - Math.exp(-x / rise)) * Math.exp(-x / decay);
  }

  private static double envelopePeak(double rise, double decay) {
    double x = rise * Math.log(1 + decay / rise);
    return envelope(x, rise, decay);
  }
}
