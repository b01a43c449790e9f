package dev.palisade.events;

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
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns any failure into a reason fit for a security event: one line, bounded, with no secrets, no
 * credentials in URLs, no raw provider payloads and no stack traces. Well-known failures become a
 * fixed phrase; anything else keeps only its exception kind and a scrubbed first line.
 */
public final class Sanitizer {
  static final int MAX_LENGTH = 300;
  private static final String MASK = "[redacted]";

  private static final Pattern[] SCRUB = {
    // PEM blocks, whole.
    Pattern.compile("-----BEGIN [A-Z ]+-----.*?(-----END [A-Z ]+-----|$)", Pattern.DOTALL),
    // Raw payloads: anything that looks like a JSON or XML document.
    Pattern.compile("\\{.*\\}", Pattern.DOTALL),
    Pattern.compile("<[A-Za-z?!][^>]*>.*", Pattern.DOTALL),
    // Credentials in URLs and query strings.
    Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@"),
    Pattern.compile("(?i)\\?[^\\s\"']*"),
    // Authorization headers and bearer tokens.
    Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{6,}"),
    Pattern.compile("(?i)authorization\\s*[:=]\\s*\\S+(\\s+\\S+)?"),
    // key=value and key: value pairs whose key names a secret.
    Pattern.compile(
        "(?i)\\b[\\w.-]*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
            + "credential|signature|session|cookie|pin)[\\w.-]*\\b\"?\\s*[:=]\\s*\"?[^\\s\",;&}]+"),
    // Vault tokens, AWS access key ids, JWTs.
    Pattern.compile("\\b(hvs|hvb|hvr|s)\\.[A-Za-z0-9_-]{16,}"),
    Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{12,}\\b"),
    Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"),
    // Long opaque strings: keys, ciphertext, hashes, base64 blobs.
    Pattern.compile(
        "(?<![A-Za-z0-9+/_=-])(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{12}(?![A-Za-z0-9+/_=-]))[A-Za-z0-9+/_=-]{32,}"),
    Pattern.compile("\\b[0-9a-fA-F]{24,}\\b"),
  };

  private Sanitizer() {}

  /** A reason for {@code failure}, safe to store and show. */
  public static String reason(Throwable failure) {
    if (failure == null) {
      return "unknown failure";
    }
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
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

  /** Scrubs free text: first line only, secrets masked, bounded length. */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String out = text.strip();
    int newline = out.indexOf('\n');
    if (newline >= 0) {
      out = out.substring(0, newline).strip();
    }
    out = out.replace('\r', ' ').replace('\t', ' ');
    for (Pattern p : SCRUB) {
      out = p.matcher(out).replaceAll(MASK);
    }
    out = out.replaceAll("\\p{Cntrl}", " ");
    if (out.length() > MAX_LENGTH) {
      out = out.substring(0, MAX_LENGTH - 1) + "…";
    }
    return out;
  }
}
