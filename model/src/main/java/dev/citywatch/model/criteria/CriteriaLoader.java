package dev.citywatch.model.criteria;

import static dev.citywatch.model.yaml.YamlFields.at;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.model.inventory.RoadClass;
import dev.citywatch.model.yaml.YamlException;
import dev.citywatch.model.yaml.YamlFields;
import dev.citywatch.model.yaml.YamlLines;
import dev.citywatch.model.yaml.YamlProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks a criteria file; every problem is reported with its line and path, all at once. */
public final class CriteriaLoader {
  public static final String DEFAULT_RESOURCE = "citywatch/criteria.yaml";

  private final YamlFields fields;

  private CriteriaLoader(YamlFields fields) {
    this.fields = fields;
  }

  /** The defaults shipped with CityWatch. */
  public static Criteria loadDefault() {
    try (InputStream in = CriteriaLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing class-path resource " + DEFAULT_RESOURCE);
      return parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | YamlException e) {
      throw new IllegalStateException("the shipped criteria do not load: " + e.getMessage(), e);
    }
  }

  public static Criteria load(Path file) throws YamlException {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new YamlException("criteria", List.of(new YamlProblem(file.toString(), 0, "", "cannot read: " + e.getMessage())));
    }
  }

  public static Criteria loadOrDefault(Optional<Path> file) throws YamlException {
    return file.isPresent() ? load(file.get()) : loadDefault();
  }

  public static Criteria parse(String source, String text) throws YamlException {
    JsonNode root = YamlFields.readTree(source, text, "criteria");
    YamlFields fields = new YamlFields(source, new YamlLines(text));
    if (root == null || !root.isObject()) {
      fields.problem("", "the criteria must be a mapping");
      throw new YamlException("criteria", fields.problems());
    }
    Criteria criteria = new CriteriaLoader(fields).read(root);
    if (!fields.problems().isEmpty()) throw new YamlException("criteria", fields.problems());
    return criteria;
  }

  private Criteria read(JsonNode root) {
    fields.allowOnly(root, Set.of("schema", "heavy_rain", "flood", "earthquake", "fire", "air_quality", "traffic", "device_fault"), "");
    return new Criteria(heavyRain(section(root, "heavy_rain")), flood(section(root, "flood")), earthquake(section(root, "earthquake")),
        fire(section(root, "fire")), airQuality(section(root, "air_quality")), traffic(section(root, "traffic")),
        deviceFault(section(root, "device_fault")));
  }

  private JsonNode section(JsonNode root, String name) {
    JsonNode node = fields.object(root, name, "");
    return node == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : node;
  }

  private HeavyRainCriteria heavyRain(JsonNode n) {
    String p = "heavy_rain";
    fields.allowOnly(n, Set.of("attention_rate_1h_mm", "caution_sum_3h_mm", "caution_sum_12h_mm", "warning_sum_3h_mm",
        "warning_sum_12h_mm", "resolve_after"), p);
    double attention = positive(n, "attention_rate_1h_mm", p);
    double c3 = positive(n, "caution_sum_3h_mm", p);
    double c12 = positive(n, "caution_sum_12h_mm", p);
    double w3 = positive(n, "warning_sum_3h_mm", p);
    double w12 = positive(n, "warning_sum_12h_mm", p);
    rising(p, "caution_sum_3h_mm < warning_sum_3h_mm", c3, w3);
    rising(p, "caution_sum_12h_mm < warning_sum_12h_mm", c12, w12);
    return new HeavyRainCriteria(attention, c3, c12, w3, w12, duration(n, "resolve_after", p));
  }

  private FloodCriteria flood(JsonNode n) {
    String p = "flood";
    fields.allowOnly(n, Set.of("rise_escalation_m_per_h", "rise_window", "resolve_after"), p);
    return new FloodCriteria(positive(n, "rise_escalation_m_per_h", p), duration(n, "rise_window", p), duration(n, "resolve_after", p));
  }

  private EarthquakeCriteria earthquake(JsonNode n) {
    String p = "earthquake";
    fields.allowOnly(n, Set.of("sta", "lta", "trigger_on", "trigger_off", "min_stations", "p_wave_km_s", "s_wave_km_s",
        "association_slack", "event_window", "resolve_after", "intensity"), p);
    Duration sta = duration(n, "sta", p);
    Duration lta = duration(n, "lta", p);
    if (sta.compareTo(lta) >= 0) fields.problem(at(p, "sta"), "must be shorter than lta");
    double on = positive(n, "trigger_on", p);
    double off = positive(n, "trigger_off", p);
    rising(p, "trigger_off < trigger_on", off, on);
    double stations = positive(n, "min_stations", p);
    JsonNode intensity = fields.object(n, "intensity", p);
    String ip = at(p, "intensity");
    double[] levels = new double[4];
    if (intensity != null) {
      fields.allowOnly(intensity, Set.of("attention", "caution", "warning", "severe"), ip);
      levels = new double[] {positive(intensity, "attention", ip), positive(intensity, "caution", ip), positive(intensity, "warning", ip),
          positive(intensity, "severe", ip)};
      if (!(levels[0] < levels[1] && levels[1] < levels[2] && levels[2] < levels[3])) fields.problem(ip, "levels must rise");
    }
    return new EarthquakeCriteria(sta, lta, on, off, (int) stations, positive(n, "p_wave_km_s", p), positive(n, "s_wave_km_s", p),
        duration(n, "association_slack", p), duration(n, "event_window", p), duration(n, "resolve_after", p),
        levels[0], levels[1], levels[2], levels[3]);
  }

  private FireCriteria fire(JsonNode n) {
    String p = "fire";
    fields.allowOnly(n, Set.of("fixed_temperature_c", "rate_of_rise_c_per_min", "rate_sustained_readings", "smoke_confirm_percent",
        "resolve_after"), p);
    return new FireCriteria(positive(n, "fixed_temperature_c", p), positive(n, "rate_of_rise_c_per_min", p),
        (int) positive(n, "rate_sustained_readings", p), positive(n, "smoke_confirm_percent", p), duration(n, "resolve_after", p));
  }

  private AirQualityCriteria airQuality(JsonNode n) {
    String p = "air_quality";
    fields.allowOnly(n, Set.of("pm10", "pm25", "persistence", "mean_window"), p);
    return new AirQualityCriteria(pollutant(n, "pm10", p), pollutant(n, "pm25", p), duration(n, "persistence", p),
        duration(n, "mean_window", p));
  }

  private AirQualityCriteria.Pollutant pollutant(JsonNode parent, String name, String path) {
    JsonNode n = fields.object(parent, name, path);
    String p = at(path, name);
    if (n == null) return new AirQualityCriteria.Pollutant(0, 0, 0, 0);
    fields.allowOnly(n, Set.of("caution_mean", "warning_mean", "caution_clear", "warning_clear"), p);
    double cm = positive(n, "caution_mean", p);
    double wm = positive(n, "warning_mean", p);
    double cc = positive(n, "caution_clear", p);
    double wc = positive(n, "warning_clear", p);
    rising(p, "caution_mean < warning_mean", cm, wm);
    rising(p, "caution_clear < caution_mean", cc, cm);
    rising(p, "warning_clear < warning_mean", wc, wm);
    return new AirQualityCriteria.Pollutant(cm, wm, cc, wc);
  }

  private TrafficCriteria traffic(JsonNode n) {
    String p = "traffic";
    fields.allowOnly(n, Set.of("levels", "persistence", "incident", "anomaly"), p);
    Map<RoadClass, TrafficCriteria.SpeedLevels> levels = new EnumMap<>(RoadClass.class);
    JsonNode l = fields.object(n, "levels", p);
    String lp = at(p, "levels");
    if (l != null) {
      for (RoadClass rc : RoadClass.values()) {
        JsonNode c = fields.object(l, rc.id(), lp);
        if (c == null) continue;
        String cp = at(lp, rc.id());
        fields.allowOnly(c, Set.of("free_above", "congested_below"), cp);
        double free = positive(c, "free_above", cp);
        double congested = positive(c, "congested_below", cp);
        rising(cp, "congested_below < free_above", congested, free);
        levels.put(rc, new TrafficCriteria.SpeedLevels(free, congested));
      }
    }
    JsonNode i = fields.object(n, "incident", p);
    String ip = at(p, "incident");
    TrafficCriteria.Incident incident = i == null ? new TrafficCriteria.Incident(0, 0, 0, Duration.ofMinutes(1))
        : new TrafficCriteria.Incident(positive(i, "occupancy_difference", ip), positive(i, "relative_difference", ip),
            positive(i, "downstream_ratio", ip), duration(i, "persistence", ip));
    if (i != null) fields.allowOnly(i, Set.of("occupancy_difference", "relative_difference", "downstream_ratio", "persistence"), ip);
    JsonNode a = fields.object(n, "anomaly", p);
    String ap = at(p, "anomaly");
    TrafficCriteria.Anomaly anomaly = a == null ? new TrafficCriteria.Anomaly(1, 1, Duration.ofMinutes(1))
        : new TrafficCriteria.Anomaly(positive(a, "threshold", ap), (int) positive(a, "warm_up_readings", ap), duration(a, "resolve_after", ap));
    if (a != null) {
      fields.allowOnly(a, Set.of("threshold", "warm_up_readings", "resolve_after"), ap);
      if (anomaly.threshold() > 1) fields.problem(at(ap, "threshold"), "an anomaly score is at most 1");
    }
    return new TrafficCriteria(levels, duration(n, "persistence", p), incident, anomaly);
  }

  private DeviceFaultCriteria deviceFault(JsonNode n) {
    String p = "device_fault";
    fields.allowOnly(n, Set.of("offline_after_intervals", "stuck_readings", "out_of_range_burst", "flapping_changes", "flapping_window"), p);
    return new DeviceFaultCriteria((int) positive(n, "offline_after_intervals", p), (int) positive(n, "stuck_readings", p),
        (int) positive(n, "out_of_range_burst", p), (int) positive(n, "flapping_changes", p), duration(n, "flapping_window", p));
  }

  private double positive(JsonNode n, String field, String path) {
    Double v = fields.number(n, field, path);
    if (v == null) return 1;
    if (v <= 0) {
      fields.problem(at(path, field), "must be > 0, got " + v);
      return 1;
    }
    return v;
  }

  private Duration duration(JsonNode n, String field, String path) {
    Duration d = fields.duration(n, field, path, null);
    return d == null ? Duration.ofSeconds(1) : d;
  }

  private void rising(String path, String rule, double lower, double higher) {
    if (!(lower < higher)) fields.problem(path, "must hold: " + rule + " (got " + lower + " and " + higher + ")");
  }
}
