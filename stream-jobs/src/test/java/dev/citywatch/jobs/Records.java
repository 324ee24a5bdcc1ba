package dev.citywatch.jobs;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.model.Alert;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.inventory.Device;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Telemetry of the committed inventory's devices, for detector tests. */
public final class Records {
  public static final CityReference CITY = CityReference.defaults();
  public static final Instant T0 = Instant.parse("2026-07-14T00:00:00Z");
  private static final AtomicLong SEQ = new AtomicLong();

  private Records() {}

  public static Device device(String id) {
    String tenant = id.substring(0, id.indexOf('-'));
    return CITY.inventory().device(tenant, id).orElseThrow();
  }

  /** A message of {@code deviceId} (tenant from its id) at {@code T0 + seconds}, one reading per quantity given in order. */
  public static TelemetryRecord at(String deviceId, long seconds, Object... quantityValues) {
    Device d = device(deviceId);
    Instant t = T0.plusSeconds(seconds);
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < quantityValues.length; i += 2) {
      readings.add(new Reading((Quantity) quantityValues[i], ((Number) quantityValues[i + 1]).doubleValue(), t));
    }
    return new TelemetryRecord(TelemetryRecord.SCHEMA, deviceId.substring(0, deviceId.indexOf('-')), deviceId, d.kind(),
        SEQ.incrementAndGet(), PayloadFormat.JSON, "gw-test", t.plusMillis(40), readings);
  }

  /** A seismic pack of {@code deviceId}: {@code samples} 10 ms apart, the first at {@code T0 + startMillis}. */
  public static TelemetryRecord pack(String deviceId, long startMillis, double... samples) {
    Device d = device(deviceId);
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < samples.length; i++) {
      readings.add(new Reading(Quantity.ACCELERATION, samples[i], T0.plusMillis(startMillis + 10L * i)));
    }
    Instant last = readings.get(readings.size() - 1).time();
    return new TelemetryRecord(TelemetryRecord.SCHEMA, deviceId.substring(0, deviceId.indexOf('-')), deviceId, d.kind(),
        SEQ.incrementAndGet(), PayloadFormat.SENML, "gw-test", last.plusMillis(40), readings);
  }

  public static long millis(long seconds) {
    return T0.plusSeconds(seconds).toEpochMilli();
  }

  /** Feeds a record at its own event time. */
  public static <K> void feed(KeyedOneInputStreamOperatorTestHarness<K, TelemetryRecord, Alert> h, TelemetryRecord r) throws Exception {
    h.processElement(r, r.eventTime().toEpochMilli());
  }

  /** The alerts emitted so far, and forgets them. */
  public static <K, I> List<Alert> drain(KeyedOneInputStreamOperatorTestHarness<K, I, Alert> h) {
    List<Alert> out = h.extractOutputValues();
    h.getOutput().clear();
    return out;
  }
}
