package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSpansTest {
  @Test
  void namesAStatementByItsFirstKeywordOnly() {
    assertThat(StatementSpans.operation("  select * from t where a = :a")).isEqualTo("SELECT");
    assertThat(StatementSpans.operation("insert into t values (?)")).isEqualTo("INSERT");
    assertThat(StatementSpans.operation("with x as (select 1) select * from x")).isEqualTo("WITH");
    assertThat(StatementSpans.operation("")).isEqualTo("OTHER");
    assertThat(StatementSpans.operation(null)).isEqualTo("OTHER");
  }
}
