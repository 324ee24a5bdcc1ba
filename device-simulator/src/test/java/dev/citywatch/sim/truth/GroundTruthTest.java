package dev.citywatch.sim.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.criteria.CriteriaLoader;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.world.World;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
  private static Inventory inventory;

  @BeforeAll
  static void load() throws Exception {
    inventory = InventoryLoader.loadDefault();
  }

  private static List<GroundTruthEvent> truth(String scenario) throws Exception {
    return new GroundTruthBuilder(new World(inventory, ScenarioLoader.load(scenario, inventory), 1), CriteriaLoader.loadDefault(), 1).build();
  }

  private static List<ExpectedAlert> alerts(List<GroundTruthEvent> truth) {
    return truth.stream().flatMap(e -> e.expectedAlerts().stream()).toList();
  }

  @Test
  void anOrdinaryDayShouldRaiseNoAlertAtAll() throws Exception {
    assertThat(truth("quiet-24h")).isEmpty();
  }

  @Test
  void aFlashFloodExpectsHeavyRainAndFloodAlertsFromTheStormAndNothingUnexplained() throws Exception {
    List<GroundTruthEvent> truth = truth("flash-flood");
    assertThat(truth).extracting(GroundTruthEvent::event).containsExactly("storm-1");
    assertThat(alerts(truth)).extracting(ExpectedAlert::kind).contains(AlertKind.HEAVY_RAIN, AlertKind.FLOOD)
        .containsOnly(AlertKind.HEAVY_RAIN, AlertKind.FLOOD);
    assertThat(truth.get(0).expectedSeverity()).isGreaterThanOrEqualTo(Severity.WARNING);
  }

  @Test
  void anEarthquakeExpectsOneAlertForTheCityNotOnePerStation() throws Exception {
    List<ExpectedAlert> alerts = alerts(truth("earthquake-m5"));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.EARTHQUAKE);
      assertThat(a.severity()).isEqualTo(Severity.WARNING);
    });
  }

  @Test
  void anIncidentExpectsTheIncidentOnItsSegmentAndCongestionQueuedBehindIt() throws Exception {
    List<GroundTruthEvent> truth = truth("traffic-incident");
    assertThat(truth).extracting(GroundTruthEvent::event).containsExactly("crash-1");
    assertThat(alerts(truth)).extracting(ExpectedAlert::kind, ExpectedAlert::subject).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(AlertKind.TRAFFIC_INCIDENT, "wonil-nb-2"),
        org.assertj.core.groups.Tuple.tuple(AlertKind.TRAFFIC_CONGESTION, "wonil-nb-2"),
        org.assertj.core.groups.Tuple.tuple(AlertKind.TRAFFIC_CONGESTION, "wonil-nb-1"));
    assertThat(truth.get(0).alsoAcceptable()).containsExactly(AlertKind.TRAFFIC_ANOMALY);
  }

  @Test
  void eachSensorFaultExpectsADeviceFaultOnItsDevice() throws Exception {
    assertThat(truth("sensor-faults")).allSatisfy(e -> assertThat(e.expectedAlerts()).singleElement()
        .satisfies(a -> {
          assertThat(a.kind()).isEqualTo(AlertKind.DEVICE_FAULT);
          assertThat(e.devices()).containsExactly(a.subject());
        }));
  }

  @Test
  void yellowDustExpectsCityWideParticulateWarnings() throws Exception {
    assertThat(alerts(truth("yellow-dust"))).extracting(ExpectedAlert::subject, ExpectedAlert::severity).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("pm10", Severity.WARNING), org.assertj.core.groups.Tuple.tuple("pm25", Severity.CAUTION));
  }
}
