package dev.citywatch.model.wire;

/** Reading Kafka record values in tests, where a value that does not parse is a failed test. */
public final class WireRecords {
  private WireRecords() {}

  public static <T> T parse(byte[] json, Class<T> type) {
    try {
      return WireJson.read(json, type);
    } catch (WireFormatException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
