package dev.palisade.console.pages;

import dev.palisade.console.api.ApiAnswer;

/** A page's essential API call failed: the page shows the API's problem, with its status. */
final class PageFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiAnswer answer;

  PageFailure(ApiAnswer answer) {
    super("platform API answered " + answer.status(), null, false, false);
    this.answer = answer;
  }

  ApiAnswer answer() {
    return answer;
  }
}
