package dev.palisade.syslog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Writes a {@link SyslogMessage} as RFC 5424 octets: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME
 * PROCID MSGID [SD-ID name="value" …] BOM MSG}.
 *
 * <ul>
 *   <li>TIMESTAMP in UTC with at most six fraction digits (section 6.2.3), trailing zeros dropped;
 *   <li>HOSTNAME, APP-NAME, PROCID and MSGID are printable US-ASCII of at most 255, 48, 128 and 32
 *       characters: other characters become {@code _}, longer values are cut, and an empty or
 *       missing value is the NILVALUE {@code -};
 *   <li>PARAM-VALUE is UTF-8 with {@code "}, {@code \} and {@code ]} escaped by a backslash;
 *   <li>structured data without parameters is still the element {@code [SD-ID]};
 *   <li>a non-empty MSG is UTF-8 preceded by the byte order mark; an empty one is left out with the
 *       space before it.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class Rfc5424 {
  public static final int HOSTNAME_MAX = 255;
  public static final int APP_NAME_MAX = 48;
  public static final int PROCID_MAX = 128;
  public static final int MSGID_MAX = 32;
  public static final String NILVALUE = "-";
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  private Rfc5424() {}

  public static byte[] format(SyslogMessage m) {
    StringBuilder head = new StringBuilder(256);
    head.append('<').append(m.pri()).append(">1 ");
    head.append(timestamp(m.timestamp())).append(' ');
    head.append(header(m.hostname(), HOSTNAME_MAX)).append(' ');
    head.append(header(m.appName(), APP_NAME_MAX)).append(' ');
    head.append(header(m.procId(), PROCID_MAX)).append(' ');
    head.append(header(m.msgId(), MSGID_MAX)).append(' ');
    head.append('[').append(m.sdId());
    m.params()
        .forEach((k, v) -> head.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
    head.append(']');
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (m.msg() != null && !m.msg().isEmpty()) {
      out.write(' ');
      out.writeBytes(BOM);
      out.writeBytes(m.msg().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * {@code message} cut to at most {@code max} octets (a UDP datagram), never inside a UTF-8
   * sequence; the same array when it fits.
   */
  public static byte[] truncate(byte[] message, int max) {
    if (message.length <= max) {
      return message;
    }
    int end = max;
    while (end > 0 && (message[end] & 0xC0) == 0x80) {
      end--;
    }
    return java.util.Arrays.copyOf(message, end);
  }

  static String timestamp(Instant at) {
    return TIMESTAMP.format(at.truncatedTo(ChronoUnit.MICROS));
  }

  /** A header field: printable US-ASCII, at most {@code max} characters, or the NILVALUE. */
  static String header(String value, int max) {
    if (value == null || value.isEmpty()) {
      return NILVALUE;
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), max));
    value.codePoints().limit(max).forEach(c -> b.append(c >= 33 && c <= 126 ? (char) c : '_'));
    return b.toString();
  }

  /** A PARAM-VALUE: {@code "}, {@code \} and {@code ]} escaped (section 6.3.3). */
  static String escape(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == ']') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
