package dev.citywatch.jobs.detect.disaster;

import dev.citywatch.model.Trail;

/**
 * A seismic station's STA/LTA trigger: when it triggered (event time of the sample), the peak
 * acceleration (m/s²) seen since, and whether the trigger has ended.
 *
 * @param trail the stages the pack that triggered passed (latency ledger)
 */
public record StationTrigger(String tenant, String station, long triggeredAtMillis, double peak, boolean ended, Trail trail) {}
