package dev.citywatch.model.criteria;

import java.io.Serializable;

/**
 * The lines alerts are drawn at ({@code citywatch/criteria.yaml}, docs/detection.md). The stream
 * jobs detect with them; the simulator predicts its scenarios' alerts with the same numbers.
 */
public record Criteria(
    HeavyRainCriteria heavyRain,
    FloodCriteria flood,
    EarthquakeCriteria earthquake,
    FireCriteria fire,
    AirQualityCriteria airQuality,
    TrafficCriteria traffic,
    DeviceFaultCriteria deviceFault) implements Serializable {}
