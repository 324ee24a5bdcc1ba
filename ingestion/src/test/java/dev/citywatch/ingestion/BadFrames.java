package dev.citywatch.ingestion;

import dev.citywatch.model.auth.FleetCredentials;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile MQTT byte streams for the frame fuzzer, from a seeded {@link Random} so that a failing
 * run can be replayed. Most are refused before any login (malformed fixed headers, wrong or
 * overlong remaining lengths, truncated packets, broken CONNECTs); a few log in properly first and
 * then misbehave (wildcard or non-UTF-8 topics in PUBLISH, oversize properties, packets a client
 * must never send), since those reach code that only a logged-in device does.
 */
final class BadFrames {
  /** What kind of abuse a stream is, for the fuzzer's tally. */
  enum Kind { RANDOM_BYTES, BAD_FIXED_HEADER, BAD_REMAINING_LENGTH, TRUNCATED, BAD_CONNECT, BAD_UTF8_CONNECT, OVERSIZE_PROPERTIES,
    AFTER_LOGIN }

  record Stream(Kind kind, byte[] bytes) {}

  private static final FleetCredentials KEYS = FleetCredentials.development();
  private final Random random;
  private final List<String> devices;
  private final int loginsPerHundred;

  /** {@code devices} of Wonju log in for {@code loginsPerHundred} streams in a hundred (each login costs a password hash). */
  BadFrames(long seed, List<String> devices, int loginsPerHundred) {
    this.random = new Random(seed);
    this.devices = List.copyOf(devices);
    this.loginsPerHundred = loginsPerHundred;
  }

  Stream next() {
    if (random.nextInt(100) < loginsPerHundred) return new Stream(Kind.AFTER_LOGIN, concat(login(), afterLogin()));
    Kind kind = Kind.values()[random.nextInt(Kind.values().length - 1)];
    byte[] bytes = switch (kind) {
      case RANDOM_BYTES -> randomBytes(1 + random.nextInt(64));
      case BAD_FIXED_HEADER -> badFixedHeader();
      case BAD_REMAINING_LENGTH -> badRemainingLength();
      case TRUNCATED -> truncated();
      case BAD_CONNECT -> badConnect();
      case BAD_UTF8_CONNECT -> connect(4, 0x02, badUtf8(), null, null, new byte[0]);
      case OVERSIZE_PROPERTIES -> connect(5, 0x02, "fuzz".getBytes(StandardCharsets.UTF_8), null, null, hugeProperties());
      case AFTER_LOGIN -> throw new IllegalStateException();
    };
    return new Stream(kind, bytes);
  }

  private byte[] badFixedHeader() {
    // Packet types a client never sends first, reserved flag bits set, type 0 and 15 (AUTH without MQTT 5).
    int[] firsts = {0x00, 0x11, 0x1F, 0x20, 0x30, 0x32, 0x62, 0x82, 0xA2, 0xC0, 0xE0, 0xF0, 0xFF};
    return concat(new byte[] {(byte) firsts[random.nextInt(firsts.length)]}, varint(random.nextInt(20)), randomBytes(random.nextInt(20)));
  }

  private byte[] badRemainingLength() {
    byte[] connect = validConnect("fuzz-" + random.nextInt(1000));
    return switch (random.nextInt(4)) {
      case 0 -> new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}; // five length bytes: malformed
      case 1 -> concat(new byte[] {0x10}, varint(268_435_455), randomBytes(100)); // the largest length, never sent
      case 2 -> concat(new byte[] {0x10}, varint(2), body(connect)); // shorter than the CONNECT it announces
      default -> concat(new byte[] {0x10}, varint(body(connect).length + 1 + random.nextInt(50)), body(connect)); // longer
    };
  }

  private byte[] truncated() {
    byte[] connect = validConnect("fuzz-" + random.nextInt(1000));
    byte[] cut = new byte[1 + random.nextInt(connect.length - 1)];
    System.arraycopy(connect, 0, cut, 0, cut.length);
    return cut;
  }

  private byte[] badConnect() {
    byte[] id = ("fuzz-" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(6)) {
      case 0 -> frame(0x10, concat(string("MQTX".getBytes(StandardCharsets.UTF_8)), new byte[] {4, 2, 0, 60}, string(id)));
      case 1 -> frame(0x10, concat(string("MQTT".getBytes(StandardCharsets.UTF_8)),
          new byte[] {(byte) new int[] {0, 1, 2, 3, 6, 7, (byte) 255}[random.nextInt(7)], 2, 0, 60}, string(id)));
      case 2 -> connect(4, 0x03, id, null, null, new byte[0]); // reserved flag bit
      case 3 -> connect(4, 0x1E, id, null, null, new byte[0]); // will QoS 3
      case 4 -> connect(4, 0x42, id, null, "secret".getBytes(StandardCharsets.UTF_8), new byte[0]); // password without user name
      default -> connect(4, 0xC2, id, ("nobody" + random.nextInt(100) + "@wonju").getBytes(StandardCharsets.UTF_8),
          randomBytes(1 + random.nextInt(30)), new byte[0]); // unknown device, random password
    };
  }

  private byte[] badUtf8() {
    byte[][] bad = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0x00}, {(byte) 0xFF, (byte) 0xFE},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
    return concat("id".getBytes(StandardCharsets.UTF_8), bad[random.nextInt(bad.length)]);
  }

  private byte[] hugeProperties() {
    return switch (random.nextInt(3)) {
      case 0 -> varint(268_435_455); // property length far beyond the packet
      case 1 -> concat(varint(5), new byte[] {0x27, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // maximum packet size 2 GB
      default -> concat(varint(3), new byte[] {0x7F, 0x01, 0x02}); // unknown property id
    };
  }

  private byte[] login() {
    String device = devices.get(random.nextInt(devices.size()));
    return connect(4, 0xC2, ("fuzz-" + device).getBytes(StandardCharsets.UTF_8), (device + "@wonju").getBytes(StandardCharsets.UTF_8),
        new String(KEYS.password("wonju", device)).getBytes(StandardCharsets.UTF_8), new byte[0], 0);
  }

  private byte[] afterLogin() {
    String[] wild = {"citywatch/wonju/+/telemetry", "#", "citywatch/#", "+/+/+/+"};
    return switch (random.nextInt(7)) {
      case 0 -> frame(0x32, concat(string(wild[random.nextInt(wild.length)].getBytes(StandardCharsets.UTF_8)), new byte[] {0, 1},
          "{}".getBytes(StandardCharsets.UTF_8)));
      case 1 -> frame(0x32, concat(string(concat("citywatch/wonju/".getBytes(StandardCharsets.UTF_8), badUtf8())), new byte[] {0, 1}));
      case 2 -> frame(0x36, concat(string("citywatch/wonju/x/telemetry".getBytes(StandardCharsets.UTF_8)), new byte[] {0, 1})); // QoS 3
      case 3 -> frame(0x32, concat(string("citywatch/wonju/x/telemetry".getBytes(StandardCharsets.UTF_8)), new byte[] {0, 0})); // id 0
      case 4 -> frame(0x10, validConnectBody("again")); // a second CONNECT
      case 5 -> frame(0x62, new byte[] {0, 7}); // PUBREL for a message never sent
      default -> concat(new byte[] {0x32}, varint(1_000 + random.nextInt(100_000)), randomBytes(random.nextInt(200))); // cut short
    };
  }

  private byte[] validConnect(String id) {
    return frame(0x10, validConnectBody(id));
  }

  private static byte[] validConnectBody(String id) {
    return concat(string("MQTT".getBytes(StandardCharsets.UTF_8)), new byte[] {4, 0x02, 0, 60}, string(id.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] body(byte[] frame) {
    int i = 1;
    while ((frame[i] & 0x80) != 0) i++;
    byte[] body = new byte[frame.length - i - 1];
    System.arraycopy(frame, i + 1, body, 0, body.length);
    return body;
  }

  private static byte[] connect(int version, int flags, byte[] id, byte[] user, byte[] password, byte[] properties) {
    return connect(version, flags, id, user, password, properties, 60);
  }

  private static byte[] connect(int version, int flags, byte[] id, byte[] user, byte[] password, byte[] properties, int keepAlive) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(string("MQTT".getBytes(StandardCharsets.UTF_8)));
    b.write(version);
    b.write(flags);
    b.write(keepAlive >> 8);
    b.write(keepAlive & 0xFF);
    if (version == 5) b.writeBytes(properties);
    b.writeBytes(string(id));
    if (user != null) b.writeBytes(string(user));
    if (password != null) b.writeBytes(string(password));
    return frame(0x10, b.toByteArray());
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] frame(int first, byte[] body) {
    return concat(new byte[] {(byte) first}, varint(body.length), body);
  }

  static byte[] varint(int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    do {
      int digit = value % 128;
      value /= 128;
      out.write(value > 0 ? digit | 0x80 : digit);
    } while (value > 0);
    return out.toByteArray();
  }

  private static byte[] string(byte[] s) {
    return concat(new byte[] {(byte) (s.length >> 8), (byte) s.length}, s);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
