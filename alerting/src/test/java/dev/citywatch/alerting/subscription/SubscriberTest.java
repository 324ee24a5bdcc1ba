package dev.citywatch.alerting.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Severity;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.inventory.WebhookSubscription;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriberTest {
  private static final Instant T = Instant.parse("2026-07-14T05:30:00Z");

  private static Alert alert(String tenant, AlertKind kind, Severity severity, String area, GeoPoint at) {
    return new Alert(Alert.SCHEMA, Alert.idFor(tenant, kind, "x-1", T), 1, tenant, kind, "x-1", Alert.State.FIRING, severity,
        "가", "A", at, area, Map.of(), null, null, T, T, null, null, T, T);
  }

  private static Subscriber subscriber(Set<String> districts, List<GeoPoint> area) {
    WebhookSubscription s = new WebhookSubscription("s", URI.create("http://127.0.0.1/h"), List.of("env:S"),
        Set.of(AlertKind.FLOOD, AlertKind.FIRE, AlertKind.EARTHQUAKE), Severity.CAUTION, WebhookSubscription.Format.JSON,
        districts, area, Map.of());
    return new Subscriber(s, "wonju", Set.of("wonju"), List.of("secret"));
  }

  @Test
  void aSubscriberGetsItsTenantsAlertsOfItsKindsAtOrAboveItsLevel() {
    Subscriber s = subscriber(Set.of(), List.of());
    GeoPoint p = new GeoPoint(37.3, 127.9);
    assertThat(s.wants(alert("wonju", AlertKind.FLOOD, Severity.CAUTION, "판부면", p))).isTrue();
    assertThat(s.wants(alert("wonju", AlertKind.FLOOD, Severity.ATTENTION, "판부면", p))).isFalse();
    assertThat(s.wants(alert("wonju", AlertKind.AIR_QUALITY, Severity.SEVERE, "원주시", p))).isFalse();
    assertThat(s.wants(alert("hoengseong", AlertKind.FLOOD, Severity.SEVERE, "횡성읍", p))).isFalse();
  }

  @Test
  void districtAndAreaFiltersPassOnlyAlertsInThemButCityWideAlertsAlways() {
    GeoPoint inside = new GeoPoint(37.34, 127.93);
    GeoPoint outside = new GeoPoint(37.20, 127.80);
    Subscriber byDistrict = subscriber(Set.of("문막읍"), List.of());
    assertThat(byDistrict.wants(alert("wonju", AlertKind.FIRE, Severity.WARNING, "문막읍", outside))).isTrue();
    assertThat(byDistrict.wants(alert("wonju", AlertKind.FIRE, Severity.WARNING, "판부면", outside))).isFalse();
    List<GeoPoint> downtown = List.of(new GeoPoint(37.33, 127.90), new GeoPoint(37.33, 127.96), new GeoPoint(37.365, 127.96),
        new GeoPoint(37.365, 127.90));
    Subscriber byArea = subscriber(Set.of(), downtown);
    assertThat(byArea.wants(alert("wonju", AlertKind.FIRE, Severity.WARNING, "중앙동", inside))).isTrue();
    assertThat(byArea.wants(alert("wonju", AlertKind.FIRE, Severity.WARNING, "중앙동", outside))).isFalse();
    assertThat(byArea.wants(alert("wonju", AlertKind.EARTHQUAKE, Severity.WARNING, "부론면", outside))).isTrue();
  }

  @Test
  void theCommittedInventoryKeepsTenantsApartAndLetsTheProvinceSeeBoth() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    Map<String, String> env = new HashMap<>();
    FleetCredentials keys = FleetCredentials.development();
    inventory.tenants().forEach(t -> t.webhooks().forEach(w -> env.put(w.secretRefs().get(0).substring(4), keys.webhookSecret(w.id()))));
    inventory.regions().forEach(r -> r.webhooks().forEach(w -> env.put(w.secretRefs().get(0).substring(4), keys.webhookSecret(w.id()))));
    SubscriptionDirectory directory = SubscriptionDirectory.of(inventory, new Secrets(env));
    GeoPoint p = new GeoPoint(37.3, 127.95);
    assertThat(directory.matching(alert("wonju", AlertKind.FLOOD, Severity.WARNING, "판부면", p))).extracting(Subscriber::id)
        .containsExactlyInAnyOrder("wonju-disaster-office", "wonju-cap-feed", "gangwon-situation-room");
    assertThat(directory.matching(alert("hoengseong", AlertKind.FLOOD, Severity.WARNING, "횡성읍", p))).extracting(Subscriber::id)
        .containsExactlyInAnyOrder("hoengseong-disaster-office", "gangwon-situation-room");
  }

  @Test
  void aMissingSecretIsNamedAtStartUp() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    assertThatThrownBy(() -> SubscriptionDirectory.of(inventory, new Secrets(Map.of())))
        .hasMessageContaining("wonju-disaster-office").hasMessageContaining("CITYWATCH_WEBHOOK_SECRET_WONJU_DISASTER");
  }
}
