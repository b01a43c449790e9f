package dev.palisade.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSpanErrorClassTest {
  @Test
  void classifiesEveryFailedStatusIntoOneOfFourClassesAndSuccessIntoNone() {
    assertThat(ProblemResponseProcessor.errorClass(200)).isNull();
    assertThat(ProblemResponseProcessor.errorClass(304)).isNull();
    assertThat(ProblemResponseProcessor.errorClass(401)).isEqualTo("auth");
    assertThat(ProblemResponseProcessor.errorClass(403)).isEqualTo("auth");
    for (int status : new int[] {400, 404, 409, 413, 415, 422, 429}) {
      assertThat(ProblemResponseProcessor.errorClass(status))
          .as("%d", status)
          .isEqualTo("validation");
    }
    for (int status : new int[] {502, 503, 504}) {
      assertThat(ProblemResponseProcessor.errorClass(status))
          .as("%d", status)
          .isEqualTo("dependency");
    }
    assertThat(ProblemResponseProcessor.errorClass(500)).isEqualTo("internal");
    assertThat(ProblemResponseProcessor.errorClass(501)).isEqualTo("internal");
  }
}
