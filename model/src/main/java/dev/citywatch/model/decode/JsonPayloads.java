package dev.citywatch.model.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Parses a payload into a JSON tree within {@link DecodeLimits}, turning every parser complaint
 * into a {@link DecodeException} with a stable reason. Shared by both payload formats.
 */
final class JsonPayloads {
  private final ObjectMapper mapper;
  private final DecodeLimits limits;

  JsonPayloads(DecodeLimits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxNumberLength(64)
                    .maxStringLength(limits.maxPayloadBytes())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Devices written in C print NaN; parse it so the answer is "non-finite value", not "bad JSON".
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  JsonNode parse(byte[] payload) throws DecodeException {
    if (payload == null || payload.length == 0) {
      throw empty();
    }
    if (payload.length > limits.maxPayloadBytes()) {
      throw new DecodeException(
          RejectReason.PAYLOAD_TOO_LARGE,
          "",
          "payload is " + payload.length + " bytes, the limit is " + limits.maxPayloadBytes());
    }
    JsonNode root;
    try {
      root = mapper.readTree(payload);
    } catch (StreamConstraintsException e) {
      if (e.getOriginalMessage().contains("nesting depth")) {
        throw new DecodeException(
            RejectReason.NESTING_TOO_DEEP, "", "JSON nests deeper than " + limits.maxNestingDepth() + " levels");
      }
      throw new DecodeException(RejectReason.PAYLOAD_TOO_LARGE, "", e.getOriginalMessage());
    } catch (JsonParseException e) {
      if (e.getOriginalMessage().startsWith("Duplicate field")) {
        throw new DecodeException(RejectReason.DUPLICATE_KEY, "", e.getOriginalMessage());
      }
      throw malformed(e);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new DecodeException(RejectReason.MALFORMED_JSON, "", "unreadable payload: " + e.getMessage());
    }
    // Only white space: Jackson reads no document at all.
    if (root == null || root.isMissingNode()) {
      throw empty();
    }
    return root;
  }

  private static DecodeException empty() {
    return new DecodeException(RejectReason.PAYLOAD_EMPTY, "", "payload is empty");
  }

  private static DecodeException malformed(JsonProcessingException e) {
    var where = e.getLocation();
    String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    String first = e.getOriginalMessage().lines().findFirst().orElse("invalid JSON");
    return new DecodeException(RejectReason.MALFORMED_JSON, "", "not valid JSON" + at + ": " + first);
  }
}
