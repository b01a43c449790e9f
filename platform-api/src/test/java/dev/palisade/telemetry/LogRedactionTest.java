package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactionTest {
  @Test
  void masksCredentialShapedValues() {
    String[] planted = {
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
      "connect failed password=hunter2 host=x",
      "{\"password\":\"hunter2\"}",
      "url postgres://app:hunter2@db:5432/x",
      "token: hunter2",
      "invite inv_0123456789abcdef0123456789abcdef_hunter2",
      "reset pwr_0123456789abcdef0123456789abcdef_hunter2",
      "reset pwi_hunter2",
      "install admin invitation adm_hunter2",
    };
    for (String s : planted) {
      String out = Sanitizer.redact(s);
      assertThat(out).as(s).doesNotContain("hunter2").doesNotContain("eyJzdWIiOiIxIn0");
    }
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String s = "organization acme created with database palisade_org_acme in 80 ms";
    assertThat(Sanitizer.redact(s)).isEqualTo(s);
  }
}
