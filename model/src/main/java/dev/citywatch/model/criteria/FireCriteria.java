package dev.citywatch.model.criteria;

import java.io.Serializable;
import java.time.Duration;

/**
 * Heat detection as fixed-temperature and rate-of-rise detectors do it; smoke confirms.
 *
 * @param rateSustainedReadings consecutive readings whose rate of rise must exceed the line
 * @param smokeConfirmPercent smoke at or above this turns a heat alarm into a confirmed fire
 */
public record FireCriteria(
    double fixedTemperatureC, double rateOfRiseCPerMinute, int rateSustainedReadings, double smokeConfirmPercent, Duration resolveAfter)
    implements Serializable {}
