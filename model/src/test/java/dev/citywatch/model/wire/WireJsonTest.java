package dev.citywatch.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireJsonTest {
  private static final Instant T = Instant.parse("2026-11-24T09:59:00.250Z");

  @Test
  void telemetryRecordRoundTripsAndReadsAsDocumented() throws Exception {
    TelemetryRecord record = new TelemetryRecord(1, "wonju", "wonju-tl-001", SensorKind.TRAFFIC_LOOP, 7, PayloadFormat.JSON,
        "gw-1", T.plusMillis(40), List.of(new Reading(Quantity.SPEED, 43.5, T), new Reading(Quantity.VOLUME, 12, T)));
    String json = new String(WireJson.write(record), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"schema\":1,\"tenant\":\"wonju\",\"device\":\"wonju-tl-001\",\"kind\":\"traffic_loop\",\"seq\":7,"
        + "\"format\":\"json\",\"gateway\":\"gw-1\",\"received_at\":\"2026-11-24T09:59:00.290Z\",\"readings\":["
        + "{\"quantity\":\"speed\",\"value\":43.5,\"time\":\"2026-11-24T09:59:00.250Z\"},"
        + "{\"quantity\":\"volume\",\"value\":12.0,\"time\":\"2026-11-24T09:59:00.250Z\"}]}");
    assertThat(WireJson.read(json.getBytes(StandardCharsets.UTF_8), TelemetryRecord.class)).isEqualTo(record);
    assertThat(record.measurements()).hasSize(2).allSatisfy(m -> assertThat(m.sequence()).isEqualTo(7));
  }

  @Test
  void readersIgnoreFieldsAddedLater() throws Exception {
    String json = "{\"schema\":1,\"tenant\":\"wonju\",\"device\":\"wonju-rg-001\",\"kind\":\"rain_gauge\",\"seq\":1,\"format\":\"senml\","
        + "\"gateway\":\"gw\",\"received_at\":\"2026-11-24T09:59:00Z\",\"new_field\":3,"
        + "\"readings\":[{\"quantity\":\"rainfall\",\"value\":0.5,\"time\":\"2026-11-24T09:59:00Z\"}]}";
    assertThat(WireJson.read(json.getBytes(StandardCharsets.UTF_8), TelemetryRecord.class).deviceId()).isEqualTo("wonju-rg-001");
  }

  @Test
  void aRecordThatBreaksItsRulesIsRefusedWithTheReason() {
    String json = "{\"schema\":1,\"tenant\":\"wonju\",\"device\":\"wonju-rg-001\",\"kind\":\"rain_gauge\",\"seq\":1,\"format\":\"senml\","
        + "\"gateway\":\"gw\",\"received_at\":\"2026-11-24T09:59:00Z\",\"readings\":[{\"quantity\":\"speed\",\"value\":5,\"time\":\"2026-11-24T09:59:00Z\"}]}";
    assertThatThrownBy(() -> WireJson.read(json.getBytes(StandardCharsets.UTF_8), TelemetryRecord.class))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("rain_gauge does not measure speed");
  }

  @Test
  void deviceStatusAndAlertRoundTrip() throws Exception {
    DeviceStatus status = new DeviceStatus(1, "wonju", "wonju-rg-001", DeviceStatus.State.OFFLINE, "last will", DeviceStatus.Source.WILL, "gw-1", T);
    assertThat(WireJson.read(WireJson.write(status), DeviceStatus.class)).isEqualTo(status);
    String id = Alert.idFor("wonju", AlertKind.FLOOD, "wonju-rv-003", Instant.parse("2026-07-14T02:14:00Z"));
    Alert alert = new Alert(1, id, 1, "wonju", AlertKind.FLOOD, "wonju-rv-003",
        Alert.State.FIRING, Severity.WARNING, "원주천 수위 경계", "Wonjucheon level: warning", new GeoPoint(37.35, 127.94), "중앙동",
        Map.of("level_m", 2.7), T.minusSeconds(600), T, T, T.plusMillis(30), T.plusMillis(42), T.plusMillis(50), T.plusMillis(90),
        T.plusMillis(91));
    String json = new String(WireJson.write(alert), StandardCharsets.UTF_8);
    assertThat(json).contains("\"alert_id\":\"wonju:flood:wonju-rv-003:1783995240\"", "\"severity\":\"WARNING\"", "\"state\":\"firing\"");
    assertThat(WireJson.read(json.getBytes(StandardCharsets.UTF_8), Alert.class)).isEqualTo(alert);
  }

  private record Stamp(Instant t) {}

  private static Instant readTime(String json) throws WireFormatException {
    return WireJson.read(("{\"t\":" + json + "}").getBytes(StandardCharsets.UTF_8), Stamp.class).t();
  }

  @Test
  void timesAreReadAsTheInstantsTheyNameInEveryFormTheWireHasAccepted() throws Exception {
    java.util.Random random = new java.util.Random(20261202);
    for (int i = 0; i < 20_000; i++) {
      int nanos = random.nextInt(1_000_000_000);
      int unit = (int) Math.pow(10, random.nextInt(10)); // 0 to 9 fraction digits
      Instant t = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), nanos - nanos % unit);
      assertThat(readTime("\"" + t + "\"")).as("written as %s", t).isEqualTo(t);
      java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds(random.nextInt(-18, 19) * 3600);
      String withOffset = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(offset));
      assertThat(readTime("\"" + withOffset + "\"")).as("written as %s", withOffset).isEqualTo(t);
    }
    assertThat(readTime("1700000000.5")).as("epoch seconds, read by Jackson as before").isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
    assertThat(readTime("\"2026-11-24t09:59:00z\"")).isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
    assertThat(readTime("\"2026-11-24 09:59:00Z\"")).as("RFC 3339 allows a space").isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
  }

  @Test
  void aTimeThatIsNoTimeIsRefusedWithTheValue() {
    for (String bad : List.of("\"2026-02-30T09:59:00Z\"", "\"2026-11-24T09:59:00\"", "\"2026-11-24T09:59Z\"", "\"yesterday\"")) {
      assertThatThrownBy(() -> readTime(bad)).as(bad).isInstanceOf(WireFormatException.class)
          .hasMessageContaining(bad.replace("\"", ""));
    }
  }
}
