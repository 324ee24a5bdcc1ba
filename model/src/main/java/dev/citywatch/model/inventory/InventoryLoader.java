package dev.citywatch.model.inventory;

import dev.citywatch.model.yaml.YamlFields;
import dev.citywatch.model.yaml.YamlLines;
import dev.citywatch.model.yaml.YamlProblem;

import static dev.citywatch.model.yaml.YamlFields.at;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.auth.PasswordHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates the city inventory (docs/inventory.md). Every problem is collected, with its
 * file, line and path, and reported together in one {@link InventoryException}.
 */
public final class InventoryLoader {
  /** Class-path location of the committed inventory (copied from {@code inventory/}). */
  public static final String DEFAULT_RESOURCE = "citywatch/inventory/gangwon.yaml";

  public static final int SCHEMA = 1;
  private static final int MAX_INTERVAL_S = 86_400;

  private static final Set<String> ROOT_FIELDS = Set.of("schema", "tenants", "regions");
  private static final Set<String> TENANT_FIELDS =
      Set.of("id", "name", "name_en", "bounds", "districts", "rivers", "road_segments", "devices", "webhooks", "api_tokens");
  private static final Set<String> RIVER_FIELDS = Set.of("id", "name", "name_en");
  private static final Set<String> SEGMENT_FIELDS =
      Set.of("id", "name", "road_class", "free_flow_kmh", "from", "to", "upstream", "downstream");
  private static final Set<String> DEVICE_FIELDS =
      Set.of("id", "kind", "format", "location", "district", "interval_s", "password_hash", "river", "stages_m", "segment");
  private static final Set<String> STAGE_FIELDS = Set.of("attention", "caution", "warning", "severe");
  private static final Set<String> WEBHOOK_FIELDS = 
      Set.of("id", "url", "secret_ref", "previous_secret_ref", "kinds", "min_severity", "format", "districts", "area", "headers");
  private static final Set<String> TOKEN_FIELDS = Set.of("name", "token_hash");
  /** Headers CityWatch sets itself; a subscription may not replace them. */
  private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "user-agent",
      "idempotency-key", "x-citywatch-signature", "x-citywatch-event", "x-citywatch-delivery", "transfer-encoding", "connection");
  private static final Set<String> REGION_FIELDS = Set.of("id", "name", "name_en", "tenants", "webhooks", "api_tokens");

  private final ObjectMapper yaml = new YAMLMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private final Set<String> webhookIds = new HashSet<>();
  private YamlFields fields;

  private InventoryLoader() {}

  public static Inventory load(Path file) throws InventoryException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InventoryException(List.of(new YamlProblem(file.toString(), 0, "", "cannot read: " + e.getMessage())));
    }
    return parse(file.toString(), text);
  }

  /** The committed inventory, from the class path. */
  public static Inventory loadDefault() throws InventoryException {
    try (InputStream in = InventoryLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + DEFAULT_RESOURCE);
      }
      return parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /** Loads {@code file} when given, else the committed inventory. */
  public static Inventory loadOrDefault(Optional<Path> file) throws InventoryException {
    return file.isPresent() ? load(file.get()) : loadDefault();
  }

  /**
   * The inventory a server process was told to use, in {@code variable}: there is deliberately no
   * default there, because the committed inventory is the simulated city, whose device passwords
   * and API tokens derive from a key published in the repository. A deployment that forgot to
   * name its inventory must not start up accepting those.
   */
  public static Inventory loadConfigured(String variable, String value) throws InventoryException {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(variable + " is required: the path of your inventory (devices, password hashes, webhooks). "
          + "There is no default: the committed inventory/gangwon.yaml is the simulated city, whose credentials anyone with the "
          + "repository can derive; name it explicitly only on a test network.");
    }
    return load(Path.of(value.strip()));
  }

  public static Inventory parse(String source, String text) throws InventoryException {
    return new InventoryLoader().read(source, text);
  }

  private Inventory read(String source, String text) throws InventoryException {
    String file = source;
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InventoryException(List.of(new YamlProblem(file, line, "", "not valid YAML: " + e.getOriginalMessage())));
    }
    fields = new YamlFields(file, new YamlLines(text));
    if (root == null || !root.isObject()) {
      fields.problem("", "the inventory must be a mapping with 'schema', 'tenants' and 'regions'");
      throw new InventoryException(fields.problems());
    }
    fields.allowOnly(root, ROOT_FIELDS, "");
    Double schema = fields.number(root, "schema", "");
    if (schema != null && schema != SCHEMA) {
      fields.problem("schema", "schema " + schema + " is not supported; this loader reads " + SCHEMA);
    }
    List<Tenant> tenants = tenants(root);
    List<Region> regions = regions(root, tenants);
    if (!fields.problems().isEmpty()) {
      throw new InventoryException(fields.problems());
    }
    return new Inventory(tenants, regions);
  }

  private List<Tenant> tenants(JsonNode root) {
    List<Tenant> tenants = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<JsonNode> nodes = fields.list(root, "tenants", "", true);
    if (nodes.isEmpty() && root.has("tenants")) {
      fields.problem("tenants", "at least one tenant is required");
    }
    for (int i = 0; i < nodes.size(); i++) {
      String path = "tenants[" + i + "]";
      Tenant tenant = tenant(nodes.get(i), path);
      if (tenant != null && !ids.add(tenant.id())) {
        fields.problem(at(path, "id"), "duplicate tenant id '" + tenant.id() + "'");
      }
      if (tenant != null) tenants.add(tenant);
    }
    return tenants;
  }

  private Tenant tenant(JsonNode node, String path) {
    if (!node.isObject()) {
      fields.problem(path, "a tenant must be a mapping");
      return null;
    }
    fields.allowOnly(node, TENANT_FIELDS, path);
    String id = fields.id(node, "id", path);
    String name = fields.text(node, "name", path);
    String nameEn = fields.text(node, "name_en", path);
    Bounds bounds = bounds(node, path);
    List<String> districts = fields.textList(node, "districts", path, true);
    unique(districts, at(path, "districts"), "district");
    List<River> rivers = rivers(node, path);
    List<RoadSegment> segments = segments(node, path, bounds);
    List<Device> devices = devices(node, path, bounds, Set.copyOf(districts), rivers, segments);
    List<WebhookSubscription> webhooks = webhooks(node, path, Set.copyOf(districts));
    List<ApiToken> tokens = apiTokens(node, path);
    if (id == null || name == null || nameEn == null || bounds == null) return null;
    return new Tenant(id, name, nameEn, bounds, districts, rivers, segments, devices, webhooks, tokens);
  }

  private Bounds bounds(JsonNode tenant, String path) {
    JsonNode node = fields.object(tenant, "bounds", path);
    if (node == null) return null;
    String here = at(path, "bounds");
    fields.allowOnly(node, Set.of("south", "west", "north", "east"), here);
    Double s = fields.number(node, "south", here);
    Double w = fields.number(node, "west", here);
    Double n = fields.number(node, "north", here);
    Double e = fields.number(node, "east", here);
    if (s == null || w == null || n == null || e == null) return null;
    if (!(s < n) || !(w < e)) {
      fields.problem(here, "needs south < north and west < east");
      return null;
    }
    return new Bounds(s, w, n, e);
  }

  private List<River> rivers(JsonNode tenant, String path) {
    List<River> rivers = new ArrayList<>();
    List<JsonNode> nodes = fields.list(tenant, "rivers", path, false);
    for (int i = 0; i < nodes.size(); i++) {
      String here = at(path, "rivers") + "[" + i + "]";
      JsonNode node = nodes.get(i);
      fields.allowOnly(node, RIVER_FIELDS, here);
      String id = fields.id(node, "id", here);
      String name = fields.text(node, "name", here);
      String nameEn = fields.text(node, "name_en", here);
      if (id != null && rivers.stream().anyMatch(r -> r.id().equals(id))) {
        fields.problem(at(here, "id"), "duplicate river id '" + id + "'");
      } else if (id != null && name != null && nameEn != null) {
        rivers.add(new River(id, name, nameEn));
      }
    }
    return rivers;
  }

  private List<RoadSegment> segments(JsonNode tenant, String path, Bounds bounds) {
    List<JsonNode> nodes = fields.list(tenant, "road_segments", path, false);
    Map<String, String> pathsById = new HashMap<>();
    List<RoadSegment> segments = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      String here = at(path, "road_segments") + "[" + i + "]";
      JsonNode node = nodes.get(i);
      fields.allowOnly(node, SEGMENT_FIELDS, here);
      String id = fields.id(node, "id", here);
      String name = fields.text(node, "name", here);
      Optional<RoadClass> roadClass = enumField(node, "road_class", here, RoadClass::fromId, RoadClass.values(), RoadClass::id);
      Double freeFlow = fields.number(node, "free_flow_kmh", here);
      if (freeFlow != null && (freeFlow <= 0 || freeFlow > 200)) {
        fields.problem(at(here, "free_flow_kmh"), "must be above 0 and at most 200 km/h, got " + freeFlow);
      }
      GeoPoint from = fields.point(node, "from", here, bounds);
      GeoPoint to = fields.point(node, "to", here, bounds);
      List<String> upstream = fields.textList(node, "upstream", here, false);
      List<String> downstream = fields.textList(node, "downstream", here, false);
      if (id != null && pathsById.putIfAbsent(id, here) != null) {
        fields.problem(at(here, "id"), "duplicate road segment id '" + id + "' (first at " + pathsById.get(id) + ")");
        continue;
      }
      if (id != null && name != null && roadClass.isPresent() && freeFlow != null && from != null && to != null) {
        segments.add(new RoadSegment(id, name, roadClass.get(), freeFlow, from, to, upstream, downstream));
      }
    }
    Map<String, RoadSegment> byId = new HashMap<>();
    segments.forEach(s -> byId.put(s.id(), s));
    for (RoadSegment s : segments) {
      String here = pathsById.get(s.id());
      links(s, s.upstream(), "upstream", here, pathsById.keySet(), byId);
      links(s, s.downstream(), "downstream", here, pathsById.keySet(), byId);
    }
    return segments;
  }

  /** {@code declared}: every segment id in the file; {@code valid}: the segments that loaded without problems. */
  private void links(RoadSegment s, List<String> targets, String field, String here, Set<String> declared, Map<String, RoadSegment> valid) {
    for (int j = 0; j < targets.size(); j++) {
      String target = targets.get(j);
      String where = at(here, field) + "[" + j + "]";
      if (target.equals(s.id())) {
        fields.problem(where, "a segment cannot be its own " + field + " neighbour");
      } else if (!declared.contains(target)) {
        fields.problem(where, "no road segment '" + target + "' in this tenant");
      } else {
        RoadSegment other = valid.get(target);
        List<String> back = other == null ? List.of() : field.equals("upstream") ? other.downstream() : other.upstream();
        if (other != null && !back.contains(s.id())) {
          String opposite = field.equals("upstream") ? "downstream" : "upstream";
          fields.problem(where, "'" + target + "' does not list '" + s.id() + "' as its " + opposite + " neighbour");
        }
      }
    }
  }

  private List<Device> devices(
      JsonNode tenant, String path, Bounds bounds, Set<String> districts, List<River> rivers, List<RoadSegment> segments) {
    List<Device> devices = new ArrayList<>();
    Map<String, String> pathsById = new HashMap<>();
    List<JsonNode> nodes = fields.list(tenant, "devices", path, true);
    for (int i = 0; i < nodes.size(); i++) {
      String here = at(path, "devices") + "[" + i + "]";
      Device device = device(nodes.get(i), here, bounds, districts, rivers, segments);
      if (device == null) continue;
      String first = pathsById.putIfAbsent(device.id(), here);
      if (first != null) {
        fields.problem(at(here, "id"), "duplicate device id '" + device.id() + "' (first at " + first + ")");
      } else {
        devices.add(device);
      }
    }
    return devices;
  }

  private Device device(
      JsonNode node, String here, Bounds bounds, Set<String> districts, List<River> rivers, List<RoadSegment> segments) {
    if (!node.isObject()) {
      fields.problem(here, "a device must be a mapping");
      return null;
    }
    fields.allowOnly(node, DEVICE_FIELDS, here);
    String id = fields.id(node, "id", here);
    Optional<SensorKind> kind = enumField(node, "kind", here, SensorKind::fromId, SensorKind.values(), SensorKind::id);
    Optional<PayloadFormat> format = enumField(node, "format", here, PayloadFormat::fromId, PayloadFormat.values(), PayloadFormat::id);
    GeoPoint location = fields.point(node, "location", here, bounds);
    String district = fields.text(node, "district", here);
    if (district != null && !districts.contains(district)) {
      fields.problem(at(here, "district"), "'" + district + "' is not one of the tenant's districts");
    }
    Double interval = fields.number(node, "interval_s", here);
    if (interval != null && (interval <= 0 || interval > MAX_INTERVAL_S || interval != Math.rint(interval))) {
      fields.problem(at(here, "interval_s"), "must be a whole number of seconds from 1 to " + MAX_INTERVAL_S + ", got " + interval);
      interval = null;
    }
    String hash = fields.text(node, "password_hash", here);
    if (hash != null && !PasswordHash.isWellFormed(hash)) {
      fields.problem(at(here, "password_hash"), "is not a " + PasswordHash.SCHEME + " hash; clear passwords are never stored");
      hash = null;
    }
    Optional<String> river = reference(node, "river", here, rivers.stream().map(River::id).toList(), "river");
    Optional<StageLevels> stages = stages(node, here);
    Optional<String> segment = reference(node, "segment", here, segments.stream().map(RoadSegment::id).toList(), "road segment");
    kind.ifPresent(k -> kindSpecific(k, node, here));
    if (id == null || kind.isEmpty() || format.isEmpty() || location == null || district == null || interval == null || hash == null) {
      return null;
    }
    return new Device(id, kind.get(), format.get(), location, district, Duration.ofSeconds(interval.longValue()), hash, river, stages, segment);
  }

  private void kindSpecific(SensorKind kind, JsonNode node, String here) {
    boolean gauge = kind == SensorKind.RIVER_GAUGE;
    boolean loop = kind == SensorKind.TRAFFIC_LOOP;
    requireIf(gauge, node, "river", here, "a river gauge names the river it watches");
    requireIf(gauge, node, "stages_m", here, "a river gauge needs its four stage levels");
    requireIf(loop, node, "segment", here, "a loop detector names its road segment");
    forbidUnless(gauge, node, "river", here, kind);
    forbidUnless(gauge, node, "stages_m", here, kind);
    forbidUnless(loop, node, "segment", here, kind);
  }

  private void requireIf(boolean condition, JsonNode node, String field, String here, String why) {
    if (condition && !node.has(field)) fields.problem(at(here, field), "is required: " + why);
  }

  private void forbidUnless(boolean allowed, JsonNode node, String field, String here, SensorKind kind) {
    if (!allowed && node.has(field)) fields.problem(at(here, field), "does not apply to a " + kind.id());
  }

  private Optional<StageLevels> stages(JsonNode device, String here) {
    if (!device.has("stages_m")) return Optional.empty();
    JsonNode node = fields.object(device, "stages_m", here);
    if (node == null) return Optional.empty();
    String at = at(here, "stages_m");
    fields.allowOnly(node, STAGE_FIELDS, at);
    Double a = fields.number(node, "attention", at);
    Double c = fields.number(node, "caution", at);
    Double w = fields.number(node, "warning", at);
    Double s = fields.number(node, "severe", at);
    if (a == null || c == null || w == null || s == null) return Optional.empty();
    if (!(a < c && c < w && w < s)) {
      fields.problem(at, "levels must rise: attention " + a + " < caution " + c + " < warning " + w + " < severe " + s);
      return Optional.empty();
    }
    return Optional.of(new StageLevels(a, c, w, s));
  }

  private Optional<String> reference(JsonNode node, String field, String here, List<String> known, String what) {
    Optional<String> ref = fields.optionalText(node, field, here);
    if (ref.isPresent() && !known.contains(ref.get())) {
      fields.problem(at(here, field), "no " + what + " '" + ref.get() + "' in this tenant");
      return Optional.empty();
    }
    return ref;
  }

  private List<WebhookSubscription> webhooks(JsonNode parent, String path, Set<String> knownDistricts) {
    List<WebhookSubscription> out = new ArrayList<>();
    List<JsonNode> nodes = fields.list(parent, "webhooks", path, false);
    for (int i = 0; i < nodes.size(); i++) {
      String here = at(path, "webhooks") + "[" + i + "]";
      JsonNode node = nodes.get(i);
      fields.allowOnly(node, WEBHOOK_FIELDS, here);
      String id = fields.id(node, "id", here);
      if (id != null && !webhookIds.add(id)) {
        fields.problem(at(here, "id"), "duplicate webhook id '" + id + "'");
      }
      URI url = url(node, here);
      List<String> secretRefs = new ArrayList<>();
      secretRef(fields.text(node, "secret_ref", here), at(here, "secret_ref")).ifPresent(secretRefs::add);
      fields.optionalText(node, "previous_secret_ref", here)
          .flatMap(ref -> secretRef(ref, at(here, "previous_secret_ref"))).ifPresent(secretRefs::add);
      Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
      List<String> kindIds = fields.textList(node, "kinds", here, true);
      for (int k = 0; k < kindIds.size(); k++) {
        Optional<AlertKind> kind = AlertKind.fromId(kindIds.get(k));
        if (kind.isPresent()) {
          kinds.add(kind.get());
        } else {
          fields.problem(at(here, "kinds") + "[" + k + "]", "unknown alert kind '" + kindIds.get(k) + "' (known: " + ids(AlertKind.values()) + ")");
        }
      }
      if (kindIds.isEmpty() && node.has("kinds")) fields.problem(at(here, "kinds"), "name at least one alert kind");
      Optional<Severity> min = enumField(node, "min_severity", here, Severity::fromName, Severity.values(), Severity::name);
      Optional<WebhookSubscription.Format> format = enumField(
          node, "format", here, s -> s.equals("json") ? Optional.of(WebhookSubscription.Format.JSON)
              : s.equals("cap") ? Optional.of(WebhookSubscription.Format.CAP) : Optional.empty(),
          WebhookSubscription.Format.values(), f -> f.name().toLowerCase(java.util.Locale.ROOT));
      List<String> districts = fields.textList(node, "districts", here, false);
      for (int d = 0; d < districts.size(); d++) {
        if (!knownDistricts.contains(districts.get(d))) {
          fields.problem(at(here, "districts") + "[" + d + "]", "no district '" + districts.get(d) + "' here");
        }
      }
      List<GeoPoint> area = polygon(node, here);
      Map<String, String> headers = headers(node, here);
      if (id != null && url != null && !secretRefs.isEmpty() && !kinds.isEmpty() && min.isPresent() && format.isPresent()) {
        out.add(new WebhookSubscription(id, url, secretRefs, kinds, min.get(), format.get(), Set.copyOf(districts), area, headers));
      }
    }
    return out;
  }

  private Optional<String> secretRef(String ref, String here) {
    if (ref == null) return Optional.empty();
    if (!ref.matches("env:[A-Z][A-Z0-9_]*|file:.+")) {
      fields.problem(here, "must be env:NAME or file:PATH; the secret itself never goes in the inventory");
      return Optional.empty();
    }
    return Optional.of(ref);
  }

  private List<GeoPoint> polygon(JsonNode node, String here) {
    List<JsonNode> corners = fields.list(node, "area", here, false);
    if (corners.isEmpty()) return List.of();
    List<GeoPoint> out = new ArrayList<>();
    for (int c = 0; c < corners.size(); c++) {
      String at = at(here, "area") + "[" + c + "]";
      JsonNode corner = corners.get(c);
      Double lat = corner.isObject() ? fields.number(corner, "lat", at) : null;
      Double lon = corner.isObject() ? fields.number(corner, "lon", at) : null;
      if (!corner.isObject()) fields.problem(at, "a corner is a mapping {lat, lon}");
      if (lat != null && lon != null) {
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
          fields.problem(at, "lat " + lat + ", lon " + lon + " is not a WGS 84 position");
        } else {
          out.add(new GeoPoint(lat, lon));
        }
      }
    }
    if (out.size() < 3) {
      fields.problem(at(here, "area"), "a polygon needs at least 3 corners, got " + out.size());
      return List.of();
    }
    return out;
  }

  private Map<String, String> headers(JsonNode node, String here) {
    JsonNode headers = node.get("headers");
    if (headers == null || headers.isNull()) return Map.of();
    if (!headers.isObject()) {
      fields.problem(at(here, "headers"), "must be a mapping of header name to value");
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    headers.properties().forEach(e -> {
      String at = at(here, "headers") + "." + e.getKey();
      if (!e.getKey().matches("[A-Za-z0-9-]+") || RESERVED_HEADERS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
        fields.problem(at, "'" + e.getKey() + "' is not a header a subscription may set (reserved or not a token)");
      } else if (!e.getValue().isTextual() || e.getValue().textValue().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
        fields.problem(at, "must be a single-line string");
      } else {
        out.put(e.getKey(), e.getValue().textValue());
      }
    });
    return out;
  }

  private List<ApiToken> apiTokens(JsonNode parent, String path) {
    List<ApiToken> out = new ArrayList<>();
    List<JsonNode> nodes = fields.list(parent, "api_tokens", path, false);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      String here = at(path, "api_tokens") + "[" + i + "]";
      JsonNode node = nodes.get(i);
      fields.allowOnly(node, TOKEN_FIELDS, here);
      String name = fields.id(node, "name", here);
      String hash = fields.text(node, "token_hash", here);
      if (name != null && !names.add(name)) fields.problem(at(here, "name"), "duplicate api token name '" + name + "'");
      if (hash != null && !PasswordHash.isWellFormed(hash)) {
        fields.problem(at(here, "token_hash"), "must be a " + PasswordHash.SCHEME + " hash; the token itself never goes in the inventory");
      } else if (name != null && hash != null) {
        out.add(new ApiToken(name, hash));
      }
    }
    return out;
  }

  private URI url(JsonNode node, String here) {
    String text = fields.text(node, "url", here);
    if (text == null) return null;
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        fields.problem(at(here, "url"), "must be an absolute http or https URL, got '" + text + "'");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      fields.problem(at(here, "url"), "is not a URL: " + e.getMessage());
      return null;
    }
  }

  private List<Region> regions(JsonNode root, List<Tenant> tenants) {
    List<Region> regions = new ArrayList<>();
    List<JsonNode> nodes = fields.list(root, "regions", "", false);
    Set<String> tenantIds = new HashSet<>();
    tenants.forEach(t -> tenantIds.add(t.id()));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      String here = "regions[" + i + "]";
      JsonNode node = nodes.get(i);
      fields.allowOnly(node, REGION_FIELDS, here);
      String id = fields.id(node, "id", here);
      if (id != null && (tenantIds.contains(id) || !ids.add(id))) {
        fields.problem(at(here, "id"), "'" + id + "' is already the id of another tenant or region");
      }
      String name = fields.text(node, "name", here);
      String nameEn = fields.text(node, "name_en", here);
      List<String> members = fields.textList(node, "tenants", here, true);
      for (int j = 0; j < members.size(); j++) {
        if (!tenantIds.contains(members.get(j))) {
          fields.problem(at(here, "tenants") + "[" + j + "]", "no tenant '" + members.get(j) + "'");
        }
      }
      Set<String> districts = new HashSet<>();
      tenants.stream().filter(t -> members.contains(t.id())).forEach(t -> districts.addAll(t.districts()));
      List<WebhookSubscription> webhooks = webhooks(node, here, districts);
      List<ApiToken> tokens = apiTokens(node, here);
      if (id != null && name != null && nameEn != null) {
        regions.add(new Region(id, name, nameEn, members, webhooks, tokens));
      }
    }
    return regions;
  }

  private <E> Optional<E> enumField(
      JsonNode node, String field, String here, java.util.function.Function<String, Optional<E>> parse, E[] all,
      java.util.function.Function<E, String> name) {
    String text = fields.text(node, field, here);
    if (text == null) return Optional.empty();
    Optional<E> value = parse.apply(text);
    if (value.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (E e : all) names.add(name.apply(e));
      fields.problem(at(here, field), "unknown value '" + text + "' (one of " + names + ")");
    }
    return value;
  }

  private void unique(List<String> values, String path, String what) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      if (!seen.add(values.get(i))) fields.problem(path + "[" + i + "]", "duplicate " + what + " '" + values.get(i) + "'");
    }
  }

  private static List<String> ids(AlertKind[] kinds) {
    List<String> out = new ArrayList<>();
    for (AlertKind k : kinds) out.add(k.id());
    return out;
  }
}
