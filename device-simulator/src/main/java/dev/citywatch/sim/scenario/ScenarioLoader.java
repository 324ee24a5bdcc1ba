package dev.citywatch.sim.scenario;

import static dev.citywatch.model.yaml.YamlFields.at;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.model.yaml.YamlException;
import dev.citywatch.model.yaml.YamlFields;
import dev.citywatch.model.yaml.YamlLines;
import dev.citywatch.model.yaml.YamlProblem;
import dev.citywatch.sim.scenario.ScenarioEvent.FaultType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a scenario (docs/simulator.md) and checks it against the inventory: every device, segment
 * and road it names exists in its tenant, every event fits in the run. All problems are reported
 * at once, with file, line and path.
 */
public final class ScenarioLoader {
  /** The scenarios that ship with the simulator (class path {@code scenarios/NAME.yaml}). */
  public static final List<String> BUILT_IN = List.of("flash-flood", "typhoon", "earthquake-m5", "yellow-dust", "building-fire",
      "traffic-incident", "rush-hour", "sensor-faults", "quiet-24h", "tour");

  private static final Set<String> ROOT = Set.of("name", "description", "start", "duration", "tenant", "events");
  private static final Set<String> COMMON = Set.of("id", "kind", "at", "duration");

  private final Inventory inventory;
  private final YamlFields fields;
  private Tenant tenant;

  private ScenarioLoader(Inventory inventory, YamlFields fields) {
    this.inventory = inventory;
    this.fields = fields;
  }

  /** A built-in scenario by name, or a scenario file by path. */
  public static Scenario load(String nameOrPath, Inventory inventory) throws YamlException {
    if (BUILT_IN.contains(nameOrPath)) {
      String resource = "scenarios/" + nameOrPath + ".yaml";
      try (InputStream in = ScenarioLoader.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) throw new IllegalStateException("missing class-path resource " + resource);
        return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), inventory);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + resource, e);
      }
    }
    Path file = Path.of(nameOrPath);
    if (!Files.isRegularFile(file)) {
      throw new YamlException("scenario", List.of(new YamlProblem(nameOrPath, 0, "",
          "no such scenario file, and not a built-in scenario (" + String.join(", ", BUILT_IN) + ")")));
    }
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), inventory);
    } catch (IOException e) {
      throw new YamlException("scenario", List.of(new YamlProblem(file.toString(), 0, "", "cannot read: " + e.getMessage())));
    }
  }

  public static Scenario parse(String source, String text, Inventory inventory) throws YamlException {
    JsonNode root = YamlFields.readTree(source, text, "scenario");
    YamlFields fields = new YamlFields(source, new YamlLines(text));
    if (root == null || !root.isObject()) {
      fields.problem("", "a scenario is a mapping with name, start, duration, tenant and events");
      throw new YamlException("scenario", fields.problems());
    }
    Scenario scenario = new ScenarioLoader(inventory, fields).read(root);
    if (!fields.problems().isEmpty()) throw new YamlException("scenario", fields.problems());
    return scenario;
  }

  private Scenario read(JsonNode root) {
    fields.allowOnly(root, ROOT, "");
    String name = fields.text(root, "name", "");
    String description = fields.optionalText(root, "description", "").orElse("");
    Instant start = instant(root, "start", "");
    Duration duration = fields.duration(root, "duration", "", null);
    String tenantId = fields.id(root, "tenant", "");
    if (tenantId != null) {
      tenant = inventory.tenant(tenantId).orElse(null);
      if (tenant == null) fields.problem("tenant", "no tenant '" + tenantId + "' in the inventory");
    }
    List<ScenarioEvent> events = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<JsonNode> nodes = fields.list(root, "events", "", false);
    for (int i = 0; i < nodes.size(); i++) {
      String path = "events[" + i + "]";
      JsonNode id = nodes.get(i).get("id");
      if (id != null && id.isTextual() && !ids.add(id.textValue())) fields.problem(at(path, "id"), "duplicate event id '" + id.textValue() + "'");
      ScenarioEvent event = event(nodes.get(i), path);
      if (event == null) continue;
      if (duration != null && event.end().compareTo(duration) > 0) {
        fields.problem(path, "ends at " + event.end() + ", after the scenario's " + duration);
      }
      events.add(event);
    }
    return new Scenario(name, description, start, duration, tenantId, events);
  }

  private ScenarioEvent event(JsonNode n, String path) {
    if (!n.isObject()) {
      fields.problem(path, "an event is a mapping with id, kind and at");
      return null;
    }
    String id = fields.id(n, "id", path);
    String kind = fields.text(n, "kind", path);
    Duration at = fields.duration(n, "at", path, null);
    if (id == null || kind == null || at == null) return null;
    return switch (kind) {
      case "rain_storm" -> rainStorm(n, path, id, at);
      case "earthquake" -> earthquake(n, path, id, at);
      case "yellow_dust" -> yellowDust(n, path, id, at);
      case "building_fire" -> fire(n, path, id, at);
      case "traffic_incident" -> incident(n, path, id, at);
      case "rush_hour" -> rushHour(n, path, id, at);
      case "sensor_fault" -> fault(n, path, id, at);
      default -> {
        fields.problem(at(path, "kind"), "unknown event kind '" + kind
            + "' (rain_storm, earthquake, yellow_dust, building_fire, traffic_incident, rush_hour, sensor_fault)");
        yield null;
      }
    };
  }

  private ScenarioEvent rainStorm(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "centre", "radius_km", "peak_mm_per_h", "bearing_deg", "speed_kmh");
    GeoPoint centre = point(n, "centre", path);
    double radius = range(n, "radius_km", path, 0.5, 300);
    double peak = range(n, "peak_mm_per_h", path, 0.1, 200);
    double bearing = fields.number(n, "bearing_deg", path, 0);
    double speed = fields.number(n, "speed_kmh", path, 0);
    Duration duration = fields.duration(n, "duration", path, null);
    if (centre == null || duration == null) return null;
    return new ScenarioEvent.RainStorm(id, at, duration, centre, radius, peak, bearing, speed);
  }

  private ScenarioEvent earthquake(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "epicentre", "depth_km", "magnitude");
    GeoPoint epicentre = point(n, "epicentre", path);
    double depth = range(n, "depth_km", path, 0, 700);
    double magnitude = range(n, "magnitude", path, 2, 9.5);
    Duration duration = fields.duration(n, "duration", path, Duration.ofMinutes(2));
    return epicentre == null ? null : new ScenarioEvent.Earthquake(id, at, duration, epicentre, depth, magnitude);
  }

  private ScenarioEvent yellowDust(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "peak_pm10", "ramp");
    double peak = range(n, "peak_pm10", path, 1, 5_000);
    Duration duration = fields.duration(n, "duration", path, null);
    Duration ramp = fields.duration(n, "ramp", path, Duration.ofHours(2));
    if (duration != null && ramp.multipliedBy(2).compareTo(duration) > 0) {
      fields.problem(at(path, "ramp"), "two ramps (" + ramp.multipliedBy(2) + ") do not fit in the duration " + duration);
    }
    return duration == null ? null : new ScenarioEvent.YellowDust(id, at, duration, peak, ramp);
  }

  private ScenarioEvent fire(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "device", "radius_m");
    String device = device(n, path, SensorKind.FIRE);
    double radius = n.has("radius_m") ? range(n, "radius_m", path, 1, 1_000) : 50;
    Duration duration = fields.duration(n, "duration", path, null);
    return device == null || duration == null ? null : new ScenarioEvent.BuildingFire(id, at, duration, device, radius);
  }

  private ScenarioEvent incident(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "segment", "capacity_loss");
    String segment = fields.id(n, "segment", path);
    if (segment != null && tenant != null && tenant.segment(segment).isEmpty()) {
      fields.problem(at(path, "segment"), "no road segment '" + segment + "' in tenant " + tenant.id());
      segment = null;
    } else if (segment != null && tenant != null && tenant.segment(segment).get().downstream().isEmpty()) {
      fields.problem(at(path, "segment"), "segment '" + segment + "' has no downstream segment to compare with");
    }
    double loss = range(n, "capacity_loss", path, 0.1, 1.0);
    Duration duration = fields.duration(n, "duration", path, null);
    return segment == null || duration == null ? null : new ScenarioEvent.TrafficIncident(id, at, duration, segment, loss);
  }

  private ScenarioEvent rushHour(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "roads", "demand_factor");
    List<String> roads = fields.textList(n, "roads", path, true);
    for (int i = 0; i < roads.size(); i++) {
      String road = roads.get(i);
      if (tenant != null && tenant.roadSegments().stream().noneMatch(s -> s.id().startsWith(road + "-"))) {
        fields.problem(at(path, "roads") + "[" + i + "]", "no road '" + road + "' in tenant " + tenant.id());
      }
    }
    double factor = range(n, "demand_factor", path, 0.1, 5);
    Duration duration = fields.duration(n, "duration", path, null);
    return duration == null ? null : new ScenarioEvent.RushHour(id, at, duration, roads, factor);
  }

  private ScenarioEvent fault(JsonNode n, String path, String id, Duration at) {
    allow(n, path, "device", "fault");
    String device = device(n, path, null);
    String type = fields.text(n, "fault", path);
    FaultType fault = null;
    if (type != null) {
      try {
        fault = FaultType.valueOf(type.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        fields.problem(at(path, "fault"), "unknown fault '" + type + "' (stuck, dropout, offline)");
      }
    }
    Duration duration = fields.duration(n, "duration", path, null);
    return device == null || fault == null || duration == null ? null : new ScenarioEvent.SensorFault(id, at, duration, device, fault);
  }

  /** A device of the scenario's tenant, of {@code kind} when given. */
  private String device(JsonNode n, String path, SensorKind kind) {
    String id = fields.id(n, "device", path);
    if (id == null || tenant == null) return id;
    Optional<Device> device = tenant.device(id);
    if (device.isEmpty()) {
      fields.problem(at(path, "device"), "no device '" + id + "' in tenant " + tenant.id());
      return null;
    }
    if (kind != null && device.get().kind() != kind) {
      fields.problem(at(path, "device"), "'" + id + "' is a " + device.get().kind().id() + ", not a " + kind.id());
      return null;
    }
    return id;
  }

  private GeoPoint point(JsonNode n, String field, String path) {
    return fields.point(n, field, path, tenant == null ? null : tenant.bounds());
  }

  private double range(JsonNode n, String field, String path, double min, double max) {
    Double v = fields.number(n, field, path);
    if (v == null) return min;
    if (v < min || v > max) {
      fields.problem(at(path, field), "must be between " + min + " and " + max + ", got " + v);
      return min;
    }
    return v;
  }

  private void allow(JsonNode n, String path, String... specific) {
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(List.of(specific));
    fields.allowOnly(n, allowed, path);
  }

  private Instant instant(JsonNode n, String field, String path) {
    String text = fields.text(n, field, path);
    if (text == null) return Instant.EPOCH;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      fields.problem(at(path, field), "must be a date-time with offset, e.g. 2026-07-14T06:00:00+09:00, got '" + text + "'");
      return Instant.EPOCH;
    }
  }
}
