package dev.palisade.syslog;

/**
 * RFC 5424 SD-NAME rules (section 6.3.2): 1 to 32 printable US-ASCII characters other than {@code
 * =}, space, {@code ]} and {@code "}. An SD-ID is an SD-NAME; one of a private name space has the
 * form {@code name@enterprise-number}, with no further {@code @} and a decimal enterprise number.
 */
final class SdName {
  static final int MAX = 32;

  private SdName() {}

  /** Why {@code name} is not an SD-NAME, or null when it is one. */
  static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > MAX) {
      return "must be at most " + MAX + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == '=' || c == ']' || c == '"') {
        return "must be printable US-ASCII without '=', ']', '\"' or spaces";
      }
    }
    return null;
  }

  /** Why {@code id} is not an SD-ID of a private name space ({@code name@number}), or null. */
  static String sdIdProblem(String id) {
    String problem = problem(id);
    if (problem != null) {
      return problem;
    }
    int at = id.indexOf('@');
    if (at <= 0 || at != id.lastIndexOf('@') || !id.substring(at + 1).matches("[1-9][0-9]*")) {
      return "must be name@enterprise-number, such as palisade@32473";
    }
    return null;
  }
}
