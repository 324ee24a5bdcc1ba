package dev.citywatch.model.wire;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads the RFC 3339 times of the wire format with ITU's parser. Jackson's own goes through
 * {@code DateTimeFormatter}, which took about a fifth of each Flink Kafka source thread (every
 * reading of a seismic pack carries its time; JFR of FlashFloodEndToEndIT). Anything ITU does not
 * take (epoch numbers, odd forms) is left to Jackson's deserializer, so what was accepted before
 * still is, with the same errors.
 */
final class WireInstants extends StdScalarDeserializer<Instant> {
  WireInstants() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
    if (p.hasToken(JsonToken.VALUE_STRING)) {
      try {
        return ITU.parseDateTime(p.getText()).toInstant();
      } catch (DateTimeException notRfc3339) {
        // Jackson's reader below decides, and names the problem if it cannot read it either.
      }
    }
    return InstantDeserializer.INSTANT.deserialize(p, context);
  }
}
