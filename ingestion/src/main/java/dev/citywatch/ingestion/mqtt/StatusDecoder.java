package dev.citywatch.ingestion.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.decode.DecodeException;
import dev.citywatch.model.decode.RejectReason;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * A device's own status message: {@code {"state":"online|offline|fault","reason":"..."}}, at most
 * 1 KiB (docs/wire-format.md).
 */
final class StatusDecoder {
  private static final int MAX_BYTES = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  DeviceStatus decode(byte[] payload, String tenant, String deviceId, String gatewayId, Instant now) throws DecodeException {
    if (payload.length == 0) throw new DecodeException(RejectReason.PAYLOAD_EMPTY, "", "payload is empty");
    if (payload.length > MAX_BYTES) {
      throw new DecodeException(RejectReason.PAYLOAD_TOO_LARGE, "", "a status message is at most " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "", "not valid JSON");
    }
    if (root == null || !root.isObject()) throw new DecodeException(RejectReason.WRONG_TYPE, "", "expected an object");
    JsonNode state = root.get("state");
    if (state == null || !state.isTextual()) throw new DecodeException(RejectReason.MISSING_FIELD, "state", "required: online, offline or fault");
    DeviceStatus.State parsed;
    try {
      parsed = DeviceStatus.State.valueOf(state.textValue().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(RejectReason.WRONG_TYPE, "state", "must be online, offline or fault, got '" + state.textValue() + "'");
    }
    JsonNode reason = root.get("reason");
    return new DeviceStatus(DeviceStatus.SCHEMA, tenant, deviceId, parsed, reason == null ? "" : reason.asText(),
        DeviceStatus.Source.DEVICE, gatewayId, now);
  }
}
