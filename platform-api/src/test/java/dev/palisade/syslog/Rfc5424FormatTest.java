package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Rfc5424FormatTest {
  private static final Instant AT = Instant.parse("2026-04-21T14:23:45.123456789Z");

  private static SyslogMessage message(
      String hostname, String appName, String msgId, Map<String, String> params, String msg) {
    return new SyslogMessage(
        Facility.LOCAL6, 6, AT, hostname, appName, null, msgId, "palisade@32473", params, msg);
  }

  private static String text(SyslogMessage m) {
    return new String(Rfc5424.format(m), StandardCharsets.UTF_8);
  }

  @Test
  void writesTheHeaderStructuredDataAndMessageInOrder() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("event_id", "e1");
    params.put("event_type", "member.invited");
    byte[] out = Rfc5424.format(message("host-1", "palisade", "audit", params, "hello"));
    String head =
        "<182>1 2026-04-21T14:23:45.123456Z host-1 palisade - audit"
            + " [palisade@32473 event_id=\"e1\" event_type=\"member.invited\"] ";
    assertThat(Arrays.copyOf(out, head.length())).isEqualTo(head.getBytes(StandardCharsets.UTF_8));
    assertThat(Arrays.copyOfRange(out, head.length(), head.length() + 3))
        .isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    assertThat(new String(out, head.length() + 3, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(out).hasSize(head.length() + 8);
  }

  @Test
  void priIsFacilityTimesEightPlusSeverity() {
    for (Facility f : Facility.values()) {
      for (int s = 0; s <= 7; s++) {
        SyslogMessage m = new SyslogMessage(f, s, AT, "h", "a", null, null, "x@1", Map.of(), null);
        assertThat(text(m)).startsWith("<" + ((16 + f.ordinal()) * 8 + s) + ">1 ");
      }
    }
    assertThat(Facility.LOCAL0.code()).isEqualTo(16);
    assertThat(Facility.LOCAL7.code()).isEqualTo(23);
    assertThatThrownBy(
            () ->
                new SyslogMessage(Facility.LOCAL0, 8, AT, "h", "a", null, null, "x@1", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void escapesQuoteBackslashAndClosingBracketInParamValues() {
    String out = text(message("h", "a", null, Map.of("actor", "a\"b\\c]d[e=f"), null));
    assertThat(out).endsWith("[palisade@32473 actor=\"a\\\"b\\\\c\\]d[e=f\"]");
  }

  @Test
  void keepsUtf8InParamValuesAndLeavesNullParamsOut() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("subject", "zoë ☃");
    params.put("severity", null);
    assertThat(text(message("h", "a", null, params, null)))
        .endsWith("[palisade@32473 subject=\"zoë ☃\"]");
  }

  @Test
  void refusesSdNamesThatBreakTheRules() {
    for (String bad :
        new String[] {"", "a b", "a=b", "a]b", "a\"b", "é", "x".repeat(33), "tab\tname"}) {
      assertThat(SdName.problem(bad)).as(bad).isNotNull();
      assertThatThrownBy(() -> message("h", "a", null, Map.of(bad, "v"), null))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  new SyslogMessage(Facility.LOCAL6, 6, AT, "h", "a", null, null, bad, null, null))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(SdName.problem("x".repeat(32))).isNull();
    assertThat(SdName.problem("event_id")).isNull();
  }

  @Test
  void anSdIdOfAPrivateNameSpaceIsNameAtEnterpriseNumber() {
    assertThat(SdName.sdIdProblem("palisade@32473")).isNull();
    assertThat(SdName.sdIdProblem("acme@1")).isNull();
    for (String bad : new String[] {"palisade", "@32473", "a@b@1", "a@x1", "a@0", "a@", "a b@1"}) {
      assertThat(SdName.sdIdProblem(bad)).as(bad).isNotNull();
    }
  }

  @Test
  void headerFieldsAreCutToTheirLimitsAndHoldOnlyPrintableAscii() {
    SyslogMessage m =
        new SyslogMessage(
            Facility.LOCAL6,
            6,
            AT,
            "h".repeat(300),
            "a".repeat(60),
            "p".repeat(200),
            "m".repeat(40),
            "x@1",
            null,
            null);
    String[] fields = text(m).split(" ");
    assertThat(fields[2]).hasSize(255);
    assertThat(fields[3]).hasSize(48);
    assertThat(fields[4]).hasSize(128);
    assertThat(fields[5]).hasSize(32);
    assertThat(Rfc5424.header("host name\u00e9", 255)).isEqualTo("host_name_");
    assertThat(Rfc5424.header("a\nb", 255)).isEqualTo("a_b");
  }

  @Test
  void missingOrEmptyHeaderFieldsAreTheNilValue() {
    SyslogMessage m =
        new SyslogMessage(Facility.LOCAL6, 6, AT, "", null, null, "", "x@1", null, null);
    assertThat(text(m)).isEqualTo("<182>1 2026-04-21T14:23:45.123456Z - - - - [x@1]");
  }

  @Test
  void aNonEmptyMessageStartsWithTheBomAndAnEmptyOneIsLeftOut() {
    byte[] with = Rfc5424.format(message("h", "a", null, null, "ü"));
    byte[] without = Rfc5424.format(message("h", "a", null, null, ""));
    String prefix = new String(without, StandardCharsets.UTF_8);
    assertThat(prefix).endsWith("[palisade@32473]");
    assertThat(Arrays.copyOfRange(with, without.length, with.length))
        .isEqualTo(
            new byte[] {' ', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0xBC});
  }

  @Test
  void timestampsHaveAtMostSixFractionDigitsInUtc() {
    assertThat(Rfc5424.timestamp(Instant.parse("2026-01-02T03:04:05.123456789Z")))
        .isEqualTo("2026-01-02T03:04:05.123456Z");
    assertThat(Rfc5424.timestamp(Instant.parse("2026-01-02T03:04:05.100Z")))
        .isEqualTo("2026-01-02T03:04:05.1Z");
    assertThat(Rfc5424.timestamp(Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(Rfc5424.timestamp(Instant.parse("2026-01-02T03:04:05.000000999Z")))
        .isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void truncationForADatagramNeverSplitsAUtf8Sequence() {
    byte[] snow = "a☃☃".getBytes(StandardCharsets.UTF_8); // 1 + 3 + 3 octets
    assertThat(Rfc5424.truncate(snow, 7)).isSameAs(snow);
    assertThat(Rfc5424.truncate(snow, 6)).isEqualTo("a☃".getBytes(StandardCharsets.UTF_8));
    assertThat(Rfc5424.truncate(snow, 5)).isEqualTo("a☃".getBytes(StandardCharsets.UTF_8));
    assertThat(Rfc5424.truncate(snow, 3)).isEqualTo("a".getBytes(StandardCharsets.UTF_8));
    byte[] big = new byte[5000];
    Arrays.fill(big, (byte) 'x');
    assertThat(Rfc5424.truncate(big, 2048)).hasSize(2048);
  }
}
