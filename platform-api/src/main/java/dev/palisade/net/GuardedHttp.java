package dev.palisade.net;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.http.impl.client.HttpClients;

/**
 * Apache HTTP clients whose every connection goes through the {@link OutboundGuard}: the guard is
 * the client's DNS resolver, so the socket is opened to the address it checked, while TLS still
 * sends the URL's host name (SNI) and verifies the certificate against it. Redirects are never
 * followed (a 3xx is an answer like any other), and no proxy from system properties or the
 * environment is used. Pooled connections stay on the address they were opened to; a request whose
 * pooled connection the peer had closed is sent once more on a new one (never after a refused
 * connection, a timeout or a TLS failure, and never past the guard). Every request is a client span
 * that sends the trace context ({@link TracedHttpClient}). The caller closes the client.
 */
public final class GuardedHttp {
  /** Connections kept per client: key operations run concurrently under load. */
  static final int MAX_CONNECTIONS = 64;

  private GuardedHttp() {}

  /**
   * A client for {@code client} with the given timeouts; {@code ssl} null means the JDK's default
   * trust.
   */
  public static CloseableHttpClient client(
      OutboundGuard guard, String client, Duration connect, Duration request, SSLContext ssl) {
    int connectMillis = Math.toIntExact(connect.toMillis());
    int requestMillis = Math.toIntExact(request.toMillis());
    RequestConfig config =
        RequestConfig.custom()
            .setConnectTimeout(connectMillis)
            .setConnectionRequestTimeout(requestMillis)
            .setSocketTimeout(requestMillis)
            .setRedirectsEnabled(false)
            .build();
    return new TracedHttpClient(
        HttpClients.custom()
            .setDnsResolver(guard.dnsResolver(client))
            .setSSLContext(ssl)
            .setDefaultRequestConfig(config)
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .setMaxConnTotal(MAX_CONNECTIONS)
            .disableRedirectHandling()
            .setRetryHandler(new DefaultHttpRequestRetryHandler(1, true))
            .disableCookieManagement()
            .disableAuthCaching()
            .build(),
        guard,
        client);
  }
}
