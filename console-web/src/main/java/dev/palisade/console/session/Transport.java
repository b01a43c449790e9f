package dev.palisade.console.session;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Facts about how a console request reached the server: its origin, whether cookies go Secure. */
public final class Transport {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+\\]");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Transport() {}

  /** The {@code Host} header, when it is a well-formed host with an optional port. */
  public static String host(HttpRequest<?> request) {
    String host = request.getHeaders().get(HttpHeaders.HOST);
    return host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
  }

  static String hostName(String host) {
    int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
    String name = colon > 0 ? host.substring(0, colon) : host;
    return HOST.matcher(name).matches() ? name : "";
  }

  /**
   * Cookies are Secure, except when the console was reached over plain HTTP on a loopback address
   * (a browser would not send a Secure cookie back there).
   */
  public static boolean secureCookies(HttpRequest<?> request) {
    return request.isSecure() || !LOOPBACK.contains(hostName(host(request)));
  }

  /** The platform's id of this request, forwarded to the API so that both log the same id. */
  public static String requestId(HttpRequest<?> request) {
    Object given = request.getAttributes().getValue("palisade.request_id");
    if (given instanceof String s && SAFE_ID.matcher(s).matches()) {
      return s;
    }
    String header = request.getHeaders().get("X-Request-ID");
    return header != null && SAFE_ID.matcher(header).matches()
        ? header
        : UUID.randomUUID().toString();
  }
}
