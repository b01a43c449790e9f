package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void swapsTheDatabaseAndKeepsParameters() {
    String url = "jdbc:postgresql://db.internal:6432/palisade?user=app&sslmode=require";
    assertThat(JdbcUrls.database(url)).isEqualTo("palisade");
    assertThat(JdbcUrls.withDatabase(url, "palisade_org_acme"))
        .isEqualTo("jdbc:postgresql://db.internal:6432/palisade_org_acme?user=app&sslmode=require");
  }

  @Test
  void redactsPasswordsInUrls() {
    String url = "jdbc:postgresql://h/db?user=app&password=hunter2&sslpassword=x";
    assertThat(JdbcUrls.redact(url)).doesNotContain("hunter2").contains("password=***");
  }

  @Test
  void rejectsUrlsThatAreNotPostgresWithoutEchoingSecrets() {
    assertThatThrownBy(() -> JdbcUrls.database("jdbc:mysql://h/db?password=hunter2"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("palisade.database.url")
        .hasMessageNotContaining("hunter2");
  }
}
