package dev.citywatch.jobs.detect.disaster;

import dev.citywatch.model.Trail;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.jobs.common.CityReference;
import org.apache.flink.streaming.api.TimerService;
import java.util.Comparator;
import dev.citywatch.jobs.common.EventTimeOrder;
import dev.citywatch.jobs.detect.alert.AlertContent;
import dev.citywatch.jobs.detect.alert.AlertTrack;
import dev.citywatch.jobs.detect.alert.Lifecycle;
import dev.citywatch.jobs.detect.alert.Places;
import dev.citywatch.jobs.detect.alert.Times;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.criteria.AirQualityCriteria;
import dev.citywatch.model.inventory.Bounds;
import dev.citywatch.model.inventory.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Ministry of Environment's particulate alerts for a city (key: tenant, one 권역): the mean of
 * its stations' hourly means, at or above a line for the persistence time, gives 주의보 (CAUTION)
 * or 경보 (WARNING); one alert per pollutant. A 경보 steps down to 주의보 below its clearing line
 * (UPDATED), and the alert is resolved once the mean falls below the 주의보 clearing line.
 * Several devices feed one key, so the input is decided in event-time order ({@link EventTimeOrder}):
 * a replay after a failure then raises exactly the same alerts. Stations silent for an hour drop out of the mean, and out of the state.
 *
 * <p>A reading costs the same however many stations the city has: the reporting station's hourly
 * mean is kept as running sums ({@link StationHour}) and the city's sum of station means is
 * corrected by that station's change alone. Other stations' hours are brought up to date once a
 * minute of event time (a sweep), which is when a silent station's old readings leave the mean.
 * (Recomputing every station on every reading made a city of a thousand low-cost sensors cost a
 * core: JFR of {@code bench pipeline}.)
 */
public final class AirQualityDetector extends KeyedProcessFunction<String, TelemetryRecord, Alert> {
  private final CityReference city;
  private transient EventTimeOrder<AirSample> order;
  private transient MapState<String, StationHour> stations;
  /** Per pollutant id: since when the mean has been at or above the caution line, and the warning line. */
  private transient MapState<String, long[]> since;
  private transient Lifecycle pm10;
  private transient Lifecycle pm25;
  private transient ValueState<Long> latest;
  /** {sum of the stations' PM10 hourly means, the same for PM2.5, number of stations}. */
  private transient ValueState<double[]> cityMeans;

  public AirQualityDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    // Named apart from the TelemetryRecords it held before, so that an older savepoint's waiting
    // records are left behind rather than read with the wrong serializer.
    order = new EventTimeOrder<>(getRuntimeContext(), "samples-in-event-time-order", TypeInformation.of(AirSample.class), AirSample::timeMillis,
        Comparator.comparing(AirSample::station).thenComparingLong(AirSample::sequence));
    stations = getRuntimeContext().getMapState(new MapStateDescriptor<>("station-hours", Types.STRING,
        TypeInformation.of(StationHour.class)));
    since = getRuntimeContext().getMapState(new MapStateDescriptor<>("above-since", String.class, long[].class));
    pm10 = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert-pm10", AlertTrack.class)));
    pm25 = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert-pm25", AlertTrack.class)));
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Long.class));
    cityMeans = getRuntimeContext().getState(new ValueStateDescriptor<>("city-means", double[].class));
  }

  @Override
  public void processElement(TelemetryRecord r, Context ctx, Collector<Alert> out) throws Exception {
    String station = city.inventory().device(r.tenant(), r.deviceId()).map(Device::id).orElse(r.deviceId());
    order.add(AirSample.of(r, station), ctx.timerService());
  }

  /** Decides on one record, in event-time order. */
  private void decide(String tenant, AirSample r, TimerService timers, Collector<Alert> out) throws Exception {
    AirQualityCriteria rules = city.criteria().airQuality();
    long t = r.timeMillis();
    long now = Math.max(t, latest.value() == null ? t : latest.value());
    latest.update(now);
    // The hourly means pair both fractions per reading; a station that reported only one of them
    // this time is left out of this reading rather than failing the job.
    if (!r.paired()) return;
    StationHour hour = stations.get(r.station());
    double[] known = cityMeans.value();
    double[] sums = known == null ? new double[3] : known;
    if (hour != null && !hour.isEmpty()) { // its old mean leaves the city's sum, its new one joins below
      sums[0] -= hour.mean10();
      sums[1] -= hour.mean25();
      sums[2]--;
    }
    if (hour == null || hour.minutes == null) hour = new StationHour(rules.meanWindow().toMillis());
    hour.evictUpTo(now - rules.meanWindow().toMillis());
    hour.add(t, r.pm10(), r.pm25());
    stations.put(r.station(), hour);
    sums[0] += hour.mean10();
    sums[1] += hour.mean25();
    sums[2]++;
    cityMeans.update(sums);
    Instant detected = Times.now(timers);
    check(tenant, Quantity.PM10, pm10, sums[0] / sums[2], now, r.trail(), detected, out);
    check(tenant, Quantity.PM25, pm25, sums[1] / sums[2], now, r.trail(), detected, out);
    timers.registerEventTimeTimer(nextSweep(now));
  }

  /** Sweeps come at whole minutes of event time. */
  private static long nextSweep(long now) {
    return (Math.floorDiv(now, SWEEP_MILLIS) + 1) * SWEEP_MILLIS;
  }

  private static final long SWEEP_MILLIS = 60_000;

  /**
   * Brings every station's hour up to date at {@code now} (silent stations' readings leave, empty
   * stations go) and recomputes the city's sums exactly; false when no station is left.
   */
  private boolean sweep(long now) throws Exception {
    long from = now - city.criteria().airQuality().meanWindow().toMillis();
    double s10 = 0;
    double s25 = 0;
    int n = 0;
    List<String> ids = new ArrayList<>();
    stations.keys().forEach(ids::add); // removing while iterating a MapState is not allowed
    for (String station : ids) {
      StationHour h = stations.get(station);
      h.evictUpTo(from);
      if (h.isEmpty()) {
        stations.remove(station);
        continue;
      }
      stations.put(station, h);
      s10 += h.mean10();
      s25 += h.mean25();
      n++;
    }
    cityMeans.update(new double[] {s10, s25, n});
    return n > 0;
  }

  private void check(String tenant, Quantity q, Lifecycle alert, double mean, long now, Trail trail, Instant detected, Collector<Alert> out)
      throws Exception {
    AirQualityCriteria rules = city.criteria().airQuality();
    AirQualityCriteria.Pollutant lines = rules.of(q);
    long[] s = since.get(q.id());
    if (s == null) s = new long[] {Long.MIN_VALUE, Long.MIN_VALUE};
    s[0] = mean >= lines.cautionMean() ? (s[0] == Long.MIN_VALUE ? now : s[0]) : Long.MIN_VALUE;
    s[1] = mean >= lines.warningMean() ? (s[1] == Long.MIN_VALUE ? now : s[1]) : Long.MIN_VALUE;
    since.put(q.id(), s);
    long held = now - rules.persistence().toMillis();
    Optional<Severity> level = s[1] != Long.MIN_VALUE && s[1] <= held ? Optional.of(Severity.WARNING)
        : s[0] != Long.MIN_VALUE && s[0] <= held ? Optional.of(Severity.CAUTION) : Optional.empty();
    if (alert.isOpen() && alert.track().severity == Severity.WARNING && lines.clears(Severity.WARNING, mean)
        && !lines.clears(Severity.CAUTION, mean)) {
      alert.lower(content(tenant, q, Severity.CAUTION, mean, now), Instant.ofEpochMilli(now), trail, detected)
          .ifPresent(out::collect);
    } else if (level.isPresent()) {
      alert.raise(content(tenant, q, level.get(), mean, now), Instant.ofEpochMilli(now), trail, detected).ifPresent(out::collect);
    } else if (alert.isOpen() && lines.clears(Severity.CAUTION, mean)) {
      AlertContent c = content(tenant, q, alert.track().severity, mean, now);
      alert.resolve(c.withHeadlines(name(tenant, true) + " " + label(q) + " 특보 해제: 시간 평균 " + Times.format(mean) + " ㎍/㎥",
          name(tenant, false) + ": " + label(q) + " alert lifted, hourly mean " + Times.format(mean) + " µg/m³"),
          Instant.ofEpochMilli(now), trail, detected).ifPresent(out::collect);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    // The sweep first: the readings of this very moment are then decided on an up-to-date city.
    if (timestamp % SWEEP_MILLIS == 0 && cityMeans.value() != null) {
      if (sweep(timestamp)) {
        ctx.timerService().registerEventTimeTimer(nextSweep(timestamp));
      } else if (!pm10.isOpen() && !pm25.isOpen()) {
        stations.clear();
        since.clear();
        latest.clear();
        cityMeans.clear();
      }
    }
    for (AirSample released : order.release(timestamp, ctx.timerService())) decide(ctx.getCurrentKey(), released, ctx.timerService(), out);
  }

  private AlertContent content(String tenant, Quantity q, Severity severity, double mean, long now) {
    String levelKo = severity == Severity.WARNING ? "경보" : "주의보";
    String levelEn = severity == Severity.WARNING ? "warning" : "advisory";
    String ko = name(tenant, true) + " " + label(q) + " " + levelKo + ": 측정소 시간 평균 " + Times.format(mean) + " ㎍/㎥";
    String en = name(tenant, false) + ": " + label(q) + " " + levelEn + ", hourly mean of the stations " + Times.format(mean) + " µg/m³";
    Tenant t = Places.tenant(city.inventory(), tenant);
    Bounds b = t.bounds();
    GeoPoint centre = new GeoPoint((b.south() + b.north()) / 2, (b.west() + b.east()) / 2);
    long window = city.criteria().airQuality().persistence().toMillis();
    return new AlertContent(tenant, AlertKind.AIR_QUALITY, q.id(), severity, ko, en, centre, t.name(),
        Map.of(q.id() + "_hourly_mean_ug_m3", Math.round(mean * 10) / 10.0), Instant.ofEpochMilli(now - window), Instant.ofEpochMilli(now));
  }

  private String name(String tenant, boolean korean) {
    Tenant t = Places.tenant(city.inventory(), tenant);
    return korean ? t.name() : t.nameEn();
  }

  private static String label(Quantity q) {
    return q == Quantity.PM10 ? "PM10" : "PM2.5";
  }
}
