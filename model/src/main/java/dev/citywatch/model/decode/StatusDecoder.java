package dev.citywatch.model.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.model.DeviceStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A device's own status message (docs/wire-format.md): {@code {"state":"online|offline|fault",
 * "reason":"free text"}}, at most 1 KiB. As strict as the telemetry decoders: one object, no
 * unknown or repeated fields, nothing after it.
 */
public final class StatusDecoder {
  public static final int MAX_BYTES = 1024;
  private static final Set<String> FIELDS = Set.of("state", "reason");
  private static final DecodeLimits LIMITS =
      new DecodeLimits(MAX_BYTES, 3, DecodeLimits.DEFAULT.maxReadings(), DecodeLimits.DEFAULT.maxFutureSkew());

  private final JsonPayloads payloads = new JsonPayloads(LIMITS);

  /** The status {@code payload} of {@code tenant}'s {@code deviceId}, as received by {@code gatewayId} at {@code now}. */
  public DeviceStatus decode(byte[] payload, String tenant, String deviceId, String gatewayId, Instant now) throws DecodeException {
    JsonNode root = payloads.parse(payload);
    JsonFields.requireObject(root, "");
    JsonFields.rejectUnknown(root, FIELDS, "");
    String state = JsonFields.requireText(root, "state", "");
    DeviceStatus.State parsed;
    try {
      parsed = DeviceStatus.State.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(RejectReason.WRONG_TYPE, "state", "must be online, offline or fault, got '" + state + "'");
    }
    JsonNode reason = root.get("reason");
    return new DeviceStatus(DeviceStatus.SCHEMA, tenant, deviceId, parsed, reason == null ? "" : JsonFields.text(reason, "reason"),
        DeviceStatus.Source.DEVICE, gatewayId, now);
  }
}
