package dev.palisade.console.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlDocumentTest {
  @Test
  void propsCannotCloseTheirScriptElementNorBreakALine() {
    String json = "{\"reason\":\"</script><script>alert(1)</script><!-- \u2028\u2029 & more\"}";
    String safe = HtmlDocument.scriptSafe(json);
    assertThat(safe)
        .doesNotContain("<")
        .doesNotContain(">")
        .doesNotContain("&")
        .doesNotContain("\u2028")
        .doesNotContain("\u2029")
        .contains("\\u003c/script\\u003e")
        .contains("\\u2028\\u2029")
        .contains("\\u0026 more");
  }

  @Test
  void textAndAttributesAreEscaped() {
    assertThat(HtmlDocument.escapeText("<b title=\"x\">Tom & 'Jerry'</b>"))
        .isEqualTo("&lt;b title=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;");
  }
}
