package dev.palisade.console.render;

/**
 * The HTML around a rendered page: the stylesheet, the markup, the props for hydration in a
 * non-executable JSON script element and the client bundle, both carrying the request's nonce.
 */
final class HtmlDocument {
  private HtmlDocument() {}

  static String of(
      String title, String markup, String propsJson, String nonce, ServerBundle bundle) {
    StringBuilder b = new StringBuilder(markup.length() + propsJson.length() + 1024);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"color-scheme\" content=\"light dark\">")
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>")
        .append(escapeText(title))
        .append(" · Palisade</title>")
        .append("<link rel=\"stylesheet\" href=\"/console/assets/")
        .append(escapeText(bundle.stylesheet()))
        .append("\"></head><body><div id=\"console-root\">")
        .append(markup)
        .append("</div><script id=\"console-props\" type=\"application/json\" nonce=\"")
        .append(nonce)
        .append("\">")
        .append(scriptSafe(propsJson))
        .append("</script><script defer src=\"/console/assets/")
        .append(escapeText(bundle.clientScript()))
        .append("\" nonce=\"")
        .append(nonce)
        .append("\"></script></body></html>\n");
    return b.toString();
  }

  /** Text and attribute content: the five characters that HTML gives a meaning. */
  static String escapeText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * JSON that is safe inside a script element: {@code <}, {@code >} and {@code &} (which could end
   * the element or open a comment) and U+2028/U+2029 become JSON escapes, which parse back to the
   * same string. They can only occur inside JSON strings, so the JSON stays equivalent.
   */
  static String scriptSafe(String json) {
    StringBuilder b = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
