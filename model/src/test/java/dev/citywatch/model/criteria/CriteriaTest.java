package dev.citywatch.model.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.inventory.RoadClass;
import dev.citywatch.model.inventory.StageLevels;
import dev.citywatch.model.yaml.YamlException;
import org.junit.jupiter.api.Test;

class CriteriaTest {
  private final Criteria criteria = CriteriaLoader.loadDefault();

  @Test
  void heavyRainFollowsTheKmaLinesExactly() {
    HeavyRainCriteria rain = criteria.heavyRain();
    assertThat(rain.severity(29.9, 0, 0)).isEmpty();
    assertThat(rain.severity(30, 30, 30)).contains(Severity.ATTENTION);
    assertThat(rain.severity(0, 59.9, 109.9)).isEmpty();
    assertThat(rain.severity(0, 60, 60)).contains(Severity.CAUTION);
    assertThat(rain.severity(0, 10, 110)).contains(Severity.CAUTION);
    assertThat(rain.severity(0, 89.9, 179.9)).contains(Severity.CAUTION);
    assertThat(rain.severity(0, 90, 90)).contains(Severity.WARNING);
    assertThat(rain.severity(0, 0, 180)).contains(Severity.WARNING);
  }

  @Test
  void aFastRiseRaisesTheFloodLevelOneStep() {
    StageLevels stages = new StageLevels(1.5, 2.0, 2.6, 3.2);
    assertThat(criteria.flood().severity(stages, 1.49, 2.0)).isEmpty();
    assertThat(criteria.flood().severity(stages, 1.5, 0.1)).contains(Severity.ATTENTION);
    assertThat(criteria.flood().severity(stages, 1.5, 0.6)).contains(Severity.CAUTION);
    assertThat(criteria.flood().severity(stages, 3.3, 0.6)).contains(Severity.SEVERE);
  }

  @Test
  void intensityFollowsWald1999AndMapsToSeverity() {
    assertThat(EarthquakeCriteria.intensity(28.0)).isCloseTo(3.66 * Math.log10(28) - 1.66, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(EarthquakeCriteria.intensity(5.0)).isCloseTo(2.20 * Math.log10(5) + 1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(EarthquakeCriteria.intensity(98.0)).isBetween(5.6, 5.7); // 0.1 g
    assertThat(criteria.earthquake().severity(2.9)).isEmpty();
    assertThat(criteria.earthquake().severity(4.0)).contains(Severity.ATTENTION);
    assertThat(criteria.earthquake().severity(5.5)).contains(Severity.CAUTION);
    assertThat(criteria.earthquake().severity(6.0)).contains(Severity.WARNING);
    assertThat(criteria.earthquake().severity(7.2)).contains(Severity.SEVERE);
  }

  @Test
  void particulateLinesFollowTheMinistryOfEnvironment() {
    AirQualityCriteria.Pollutant pm10 = criteria.airQuality().of(Quantity.PM10);
    assertThat(pm10.level(149.9)).isEmpty();
    assertThat(pm10.level(150)).contains(Severity.CAUTION);
    assertThat(pm10.level(300)).contains(Severity.WARNING);
    assertThat(pm10.clears(Severity.CAUTION, 100)).isFalse();
    assertThat(pm10.clears(Severity.CAUTION, 99.9)).isTrue();
    AirQualityCriteria.Pollutant pm25 = criteria.airQuality().of(Quantity.PM25);
    assertThat(pm25.level(75)).contains(Severity.CAUTION);
    assertThat(pm25.level(150)).contains(Severity.WARNING);
    assertThat(pm25.clears(Severity.WARNING, 74.9)).isTrue();
  }

  @Test
  void trafficLevelsAreSetPerRoadClass() {
    TrafficCriteria.SpeedLevels arterial = criteria.traffic().levels(RoadClass.URBAN_ARTERIAL);
    assertThat(arterial.level(25.1)).isEqualTo(TrafficCriteria.Level.FREE);
    assertThat(arterial.level(25)).isEqualTo(TrafficCriteria.Level.SLOW);
    assertThat(arterial.level(15)).isEqualTo(TrafficCriteria.Level.SLOW);
    assertThat(arterial.level(14.9)).isEqualTo(TrafficCriteria.Level.CONGESTED);
    assertThat(criteria.traffic().levels(RoadClass.EXPRESSWAY).level(39)).isEqualTo(TrafficCriteria.Level.CONGESTED);
  }

  @Test
  void aBrokenCriteriaFileNamesEveryProblemWithItsLine() {
    String yaml = """
        schema: 1
        heavy_rain:
          attention_rate_1h_mm: 30
          caution_sum_3h_mm: 95
          caution_sum_12h_mm: 110
          warning_sum_3h_mm: 90
          warning_sum_12h_mm: 180
          resolve_after: soon
        flood: {rise_escalation_m_per_h: -1, rise_window: 30m, resolve_after: 30m}
        """;
    assertThatThrownBy(() -> CriteriaLoader.parse("bad.yaml", yaml))
        .isInstanceOf(YamlException.class)
        .hasMessageContaining("bad.yaml:2: heavy_rain: must hold: caution_sum_3h_mm < warning_sum_3h_mm")
        .hasMessageContaining("bad.yaml:8: heavy_rain.resolve_after: must be a duration")
        .hasMessageContaining("bad.yaml:9: flood.rise_escalation_m_per_h: must be > 0")
        .hasMessageContaining("earthquake: is required");
  }
}
