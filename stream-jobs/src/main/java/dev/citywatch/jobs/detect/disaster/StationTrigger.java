package dev.citywatch.jobs.detect.disaster;

import java.time.Instant;

/**
 * A seismic station's STA/LTA trigger: when it triggered (event time of the sample), the peak
 * acceleration (m/s²) seen since, and whether the trigger has ended.
 *
 * @param receivedAt when the gateway received the pack that triggered
 */
public record StationTrigger(String tenant, String station, long triggeredAtMillis, double peak, boolean ended, Instant receivedAt) {}
