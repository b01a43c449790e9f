package dev.palisade.telemetry;

import dev.palisade.errors.PlatformException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The one place that keeps secrets out of text the platform writes down.
 *
 * <ul>
 *   <li>{@link #clean} and {@link #reason}: text fit for a security event, an incident or a job
 *       summary: one line, bounded, with no secrets, no credentials in URLs, no raw provider
 *       payloads and no stack traces. Well-known failures become a fixed phrase; anything else
 *       keeps only its exception kind and a scrubbed first line.
 *   <li>{@link #redact}: the last line of defence for log output: masks whatever looks like a
 *       credential and leaves the rest of the text as it is.
 * </ul>
 *
 * Ordinary words, host names, ports, paths and identifiers (UUIDs) are kept.
 */
public final class Sanitizer {
  static final int MAX_LENGTH = 300;
  private static final int MAX_SCAN = 8192;
  private static final String MASK = "[redacted]";

  private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {}

  /** Raw payloads in a reason: from the first brace or tag to the end. */
  private static final Rule[] PAYLOADS = {
    mask("\\{.*$"), mask("<[A-Za-z?!/][^>]*>.*$"),
  };

  /** Credentials wherever they appear. */
  private static final Rule[] SECRETS = {
    // PEM blocks, whole (to the end of the text when the END line is missing).
    mask("-----BEGIN [A-Z0-9 ]+-----.*?(-----END [A-Z0-9 ]+-----|$)"),
    // Invitation and reset tokens: the organization part is an id, the rest is the secret.
    new Rule(
        Pattern.compile("\\b((?:inv|pwr)_[0-9a-f]{32}_)[A-Za-z0-9_-]+"), m -> m.group(1) + MASK),
    // Install admin invitation and reset tokens: all secret after the prefix.
    new Rule(Pattern.compile("\\b(adm_|pwi_)[A-Za-z0-9_-]+"), m -> m.group(1) + MASK),
    // Credentials in URLs: keep the scheme and the host, drop everything before the last '@'.
    new Rule(
        Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^\\s?#]*@"), m -> m.group(1) + MASK + "@"),
    // Query strings with parameters.
    keep("(\\?)[^\\s\"'=&]+=[^\\s\"']*", 1),
    // Authorization headers: keep the scheme name.
    keep(
        "(?i)(authorization\\s*[:=]\\s*(?:(?:bearer|basic|digest|negotiate|aws4-hmac-sha256)\\s+)?)"
            + "\\S+",
        1),
    // key=value and key: value pairs whose key names a secret: keep the key.
    keep(
        "(?i)(\\b[\\w.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
            + "|private[_-]?key|credential|signature|session|cookie)[\\w.-]*\"?\\s*[:=]\\s*\"?)"
            + "[^\\s\",;&}]+",
        1),
    keep("(?i)(\\bpin\\s*[:=]\\s*)\\S+", 1),
    // Vault tokens, AWS access key ids, JWTs.
    mask("\\b(hvs|hvb|hvr|s)\\.[A-Za-z0-9_-]{16,}"),
    mask("\\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\\b"),
    mask("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"),
    // A credential after an auth scheme word, when it does not look like an ordinary word.
    new Rule(
        Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)([A-Za-z0-9._~+/=-]{8,})"),
        m -> opaque(m.group(3)) ? m.group(1) + m.group(2) + MASK : m.group()),
    // Long opaque strings: keys, ciphertext, base64 blobs (UUIDs and plain words are kept).
    new Rule(Pattern.compile("[A-Za-z0-9+/_=-]{32,}"), m -> blob(m.group()) ? MASK : m.group()),
    mask("\\b[0-9a-fA-F]{24,}\\b"),
  };

  private Sanitizer() {}

  private static Rule mask(String regex) {
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), m -> MASK);
  }

  private static Rule keep(String regex, int group) {
    return new Rule(Pattern.compile(regex), m -> m.group(group) + MASK);
  }

  /** Looks like a credential rather than a word: has a digit, a symbol, or inner capitals. */
  private static boolean opaque(String s) {
    return s.matches(".*[0-9+/=_~].*") || s.substring(1).matches(".*[A-Z].*");
  }

  /**
   * Random-looking: letters and digits, and either mixed case or one unbroken run (paths and
   * hyphenated names in lower case, and UUIDs, are kept).
   */
  private static boolean blob(String s) {
    boolean letters = s.matches(".*[A-Za-z].*");
    boolean digits = s.matches(".*[0-9].*");
    boolean mixedCase = s.matches(".*[a-z].*") && s.matches(".*[A-Z].*");
    boolean unbroken = !s.matches(".*[/_-].*");
    return letters && digits && (mixedCase || unbroken) && !uuid(s);
  }

  private static boolean uuid(String s) {
    return s.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  /** A reason for {@code failure}, safe to store and show. */
  public static String reason(Throwable failure) {
    if (failure == null) {
      return "unknown failure";
    }
    Throwable root = failure;
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      String known = known(t);
      if (known != null) {
        return known;
      }
      root = t;
      if (t.getCause() == t) {
        break;
      }
    }
    if (failure instanceof PlatformException pe) {
      return clean(pe.getMessage());
    }
    String kind = root.getClass().getSimpleName();
    String message = clean(root.getMessage());
    return message.isEmpty() ? kind : clean(kind + ": " + message);
  }

  /** {@code context}: {@link #reason(Throwable)}, e.g. "vault transit: connection refused". */
  public static String reason(String context, Throwable failure) {
    return clean(context + ": " + reason(failure));
  }

  private static String known(Throwable t) {
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException) {
      return "host name did not resolve";
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (t instanceof SocketTimeoutException
        || t instanceof TimeoutException
        || t instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
      return "interrupted";
    }
    if (t instanceof SSLException) {
      return "TLS handshake or certificate failure";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied on a local file";
    }
    if (t instanceof NoSuchFileException) {
      return "a local file is missing";
    }
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState();
      return state == null || !state.matches("[0-9A-Z]{5}")
          ? "database error"
          : "database error (SQLSTATE " + state + ")";
    }
    return null;
  }

  /**
   * Scrubs free text: first line only, secrets masked, control and invisible formatting characters
   * removed, bounded length.
   */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String out = text.strip();
    Matcher eol = Pattern.compile("[\\n\\r\\u0085\\u2028\\u2029]").matcher(out);
    if (eol.find()) {
      out = out.substring(0, eol.start()).strip();
    }
    if (out.length() > MAX_SCAN) {
      // Never keep a fragment of a token cut in half: drop the last, partial word.
      out = out.substring(0, MAX_SCAN);
      int space = out.lastIndexOf(' ');
      out = space > 0 ? out.substring(0, space) : "";
    }
    out = out.replaceAll("\\p{Cf}", "").replaceAll("\\p{Cntrl}", " ");
    out = apply(apply(out, SECRETS), PAYLOADS).strip();
    if (out.length() > MAX_LENGTH) {
      out = out.substring(0, MAX_LENGTH - 1) + "…";
    }
    return out;
  }

  /**
   * Masks what looks like a credential in {@code text} (for log output) and changes nothing else;
   * null stays null.
   */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    return apply(text, SECRETS);
  }

  private static String apply(String text, Rule[] rules) {
    String out = text;
    for (Rule r : rules) {
      out =
          r.pattern()
              .matcher(out)
              .replaceAll(m -> Matcher.quoteReplacement(r.replacement().apply(m)));
    }
    return out;
  }
}
