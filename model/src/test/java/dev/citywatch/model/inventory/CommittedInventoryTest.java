package dev.citywatch.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.SensorKind;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.auth.PasswordHash;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommittedInventoryTest {
  private final Inventory inventory = load();

  private static Inventory load() {
    try {
      return InventoryLoader.loadDefault();
    } catch (InventoryException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void wonjuHasAtLeast200DevicesOfAllSixKinds() {
    Tenant wonju = inventory.tenant("wonju").orElseThrow();
    assertThat(wonju.name()).isEqualTo("원주시");
    assertThat(wonju.devices()).hasSizeGreaterThanOrEqualTo(200);
    Map<SensorKind, Long> byKind = wonju.devices().stream().collect(Collectors.groupingBy(Device::kind, Collectors.counting()));
    assertThat(byKind).containsOnlyKeys(SensorKind.values());
    assertThat(byKind.get(SensorKind.SEISMIC)).isGreaterThanOrEqualTo(6);
    assertThat(byKind.get(SensorKind.TRAFFIC_LOOP)).isGreaterThanOrEqualTo(60);
  }

  @Test
  void loopDetectorsCoverAtLeast20LinkedDirectedSegments() {
    Tenant wonju = inventory.tenant("wonju").orElseThrow();
    long watched = wonju.devices().stream().filter(d -> d.kind() == SensorKind.TRAFFIC_LOOP).map(d -> d.segment().orElseThrow()).distinct().count();
    assertThat(watched).isGreaterThanOrEqualTo(20);
    assertThat(wonju.roadSegments()).filteredOn(s -> !s.upstream().isEmpty() || !s.downstream().isEmpty()).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void riverGaugesWatchWonjucheonAndSeomgangWithOrderedStages() {
    Tenant wonju = inventory.tenant("wonju").orElseThrow();
    Map<String, Long> byRiver = wonju.devices().stream().filter(d -> d.kind() == SensorKind.RIVER_GAUGE)
        .collect(Collectors.groupingBy(d -> d.river().orElseThrow(), Collectors.counting()));
    assertThat(byRiver).containsKeys("wonjucheon", "seomgang");
    assertThat(wonju.devices()).filteredOn(d -> d.kind() == SensorKind.RIVER_GAUGE)
        .allSatisfy(d -> assertThat(d.stages()).isPresent());
  }

  @Test
  void hoengseongIsASecondTenantAndGangwonViewsBoth() {
    assertThat(inventory.tenant("hoengseong")).get().satisfies(t -> assertThat(t.devices()).isNotEmpty());
    assertThat(inventory.regions()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("gangwon");
      assertThat(r.tenants()).containsExactlyInAnyOrder("wonju", "hoengseong");
      assertThat(r.webhooks()).isNotEmpty();
    });
  }

  @Test
  void everyDeviceHasASaltedHashThatTheFleetKeyOpens() {
    FleetCredentials fleet = FleetCredentials.development();
    Device device = inventory.device("wonju", "wonju-rv-001").orElseThrow();
    assertThat(PasswordHash.verify(fleet.password("wonju", "wonju-rv-001"), device.passwordHash())).isTrue();
    assertThat(PasswordHash.verify(fleet.password("wonju", "wonju-rv-002"), device.passwordHash())).isFalse();
    Map<String, Device> byHash = inventory.tenants().stream().flatMap(t -> t.devices().stream())
        .collect(Collectors.toMap(Device::passwordHash, Function.identity()));
    assertThat(byHash).hasSize(inventory.deviceCount()); // every salt differs
  }
}
