package dev.palisade.console.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeNextTest {
  @Test
  void acceptsPathsOfTheConsoleWithTheirQuery() {
    assertThat(Pages.safeNext("/console/orgs/acme/audit?action=role.&sort=oldest"))
        .isEqualTo("/console/orgs/acme/audit?action=role.&sort=oldest");
    assertThat(Pages.safeNext("/console")).isEqualTo("/console");
  }

  @Test
  void refusesEverythingThatCouldLeaveTheConsole() {
    for (String next :
        new String[] {
          "https://evil.example/",
          "//evil.example/console",
          "/\\evil.example",
          "/console//evil.example",
          "/console/../api/v1/orgs",
          "/consoleevil",
          "/api/v1/orgs",
          "javascript:alert(1)",
          "/console/x\r\nSet-Cookie: a=b",
          ""
        }) {
      assertThat(Pages.safeNext(next)).as(next).isNull();
    }
    assertThat(Pages.safeNext(null)).isNull();
  }
}
