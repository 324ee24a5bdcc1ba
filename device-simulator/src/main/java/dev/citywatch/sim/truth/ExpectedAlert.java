package dev.citywatch.sim.truth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import java.time.Instant;

/**
 * An alert the detection job should raise: its kind, what it is about (as the detector names its
 * subject; null where any subject will do, e.g. an earthquake), the highest severity it should
 * reach, and when the signal first crossed the line (simulated time).
 */
@JsonPropertyOrder({"kind", "subject", "severity", "crossed_at"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpectedAlert(
    @JsonProperty("kind") AlertKind kind,
    @JsonProperty("subject") String subject,
    @JsonProperty("severity") Severity severity,
    @JsonProperty("crossed_at") Instant crossedAt) {}
