package dev.palisade.net;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Spans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.http.conn.DnsResolver;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The one gate of every outbound connection (Vault, AWS KMS, the license control plane, and every
 * later client). {@link #vet} reads the host (every spelling of an address counts as that address),
 * resolves a name once, checks every address and returns the addresses the caller must connect to;
 * clients get it as their {@link DnsResolver} ({@link #dnsResolver}), so the connection goes to the
 * checked address and no second lookup can rebind the name. Loopback, link-local, cloud metadata,
 * private, CGNAT, multicast, unspecified and reserved addresses are refused unless the destination
 * is on {@code palisade.net.allow}. Calls through the guard are traced as client spans ({@link
 * #span}) that send the trace context to HTTP peers. Each refusal counts in {@code
 * palisade_outbound_blocked_total{client}} and is published as an {@link OutboundBlocked} event.
 * Thread-safe.
 */
@Singleton
public final class OutboundGuard {
  /** The counter of refusals, tagged {@code client}. */
  public static final String METRIC = "palisade.outbound.blocked";

  private final AllowList allow;
  private final Resolver resolver;
  private final MeterRegistry meters;
  private final ApplicationEventPublisher<OutboundBlocked> events;
  private final Spans spans;

  /** A guard whose outbound calls are not traced (clients built by hand). */
  public OutboundGuard(
      NetConfig config,
      Resolver resolver,
      MeterRegistry meters,
      ApplicationEventPublisher<OutboundBlocked> events) {
    this(config, resolver, meters, events, Spans.NOOP);
  }

  @Inject
  public OutboundGuard(
      NetConfig config,
      Resolver resolver,
      MeterRegistry meters,
      ApplicationEventPublisher<OutboundBlocked> events,
      Spans spans) {
    this.spans = requireNonNull(spans, "spans is null");
    this.allow = new AllowList(config.allow());
    this.resolver = requireNonNull(resolver, "resolver is null");
    this.meters = requireNonNull(meters, "meters is null");
    this.events = requireNonNull(events, "events is null");
  }

  /**
   * The addresses {@code client} may connect to for {@code host}.
   *
   * @throws PlatformException ({@link ErrorCode#OUTBOUND_BLOCKED}) when the destination is refused
   * @throws UnknownHostException when the name does not resolve
   */
  public InetAddress[] vet(String client, String host) throws UnknownHostException {
    Verdict v = judge(host);
    if (v.refusal() != null) {
      throw blocked(client, v.host(), v.refusal());
    }
    return v.addresses();
  }

  /**
   * Checks the host of a URL an organization admin gave for {@code field} before anything is
   * stored: a refused destination is a 422 naming the field (and counts as a refusal). A name that
   * does not resolve passes here (the provider's round trip fails on it); every connection is
   * vetted again.
   */
  public void checkSetting(String client, URI url, String field) {
    Verdict v;
    try {
      v = judge(url.getHost() == null ? "" : url.getHost());
    } catch (UnknownHostException e) {
      return;
    }
    if (v.refusal() != null) {
      blocked(client, v.host(), v.refusal());
      throw PlatformException.invalidField(
          field,
          "is a destination this install does not connect to ("
              + v.refusal()
              + "); the operator can allow it with "
              + NetConfig.ALLOW);
    }
  }

  private record Verdict(String host, InetAddress[] addresses, String refusal) {}

  private Verdict judge(String host) throws UnknownHostException {
    String h = HostLiteral.normalize(requireNonNull(host, "host is null"));
    Optional<InetAddress> literal;
    try {
      literal = HostLiteral.parse(h);
    } catch (IllegalArgumentException e) {
      return new Verdict(h, null, "invalid-host");
    }
    if (literal.isEmpty() && allow.allowsName(h)) {
      return new Verdict(h, resolver.resolve(h), null);
    }
    InetAddress[] addresses =
        literal.isPresent() ? new InetAddress[] {literal.get()} : resolver.resolve(h);
    if (addresses == null || addresses.length == 0) {
      throw new UnknownHostException("no address");
    }
    for (InetAddress a : addresses) {
      if (!allow.allowsAddress(a)) {
        Optional<String> refusal = Destinations.refusal(a);
        if (refusal.isPresent()) {
          return new Verdict(h, null, refusal.get());
        }
      }
    }
    return new Verdict(h, addresses, null);
  }

  /** This guard as the DNS resolver of an Apache HTTP client used by {@code client}. */
  public DnsResolver dnsResolver(String client) {
    requireNonNull(client, "client is null");
    return host -> vet(client, host);
  }

  /**
   * A client span of one call of {@code client} ({@code "<client> <operation>"}, with {@code
   * palisade.outbound.client}, {@code server.address} and {@code server.port}); the caller ends it.
   */
  public Span span(String client, String operation, String host, int port) {
    Span span =
        spans.start(
            client + " " + operation,
            SpanKind.CLIENT,
            Map.of("palisade.outbound.client", client, "server.address", shown(host)));
    if (port > 0) {
      span.setAttribute("server.port", port);
    }
    return span;
  }

  /** Writes the trace context of {@code span} ({@code traceparent}…) as headers to {@code out}. */
  public void propagate(Span span, BiConsumer<String, String> out) {
    spans.inject(span, out);
  }

  /** Traces every call of an AWS SDK client of {@code client} and sends its trace context. */
  public ExecutionInterceptor sdkTracing(String client) {
    return new TracedSdkCalls(this, client);
  }

  private PlatformException blocked(String client, String host, String reason) {
    String shown = shown(host);
    Counter.builder(METRIC)
        .description("Outbound connections refused by the outbound guard")
        .tag("client", client)
        .register(meters)
        .increment();
    events.publishEvent(new OutboundBlocked(client, shown, reason));
    return new PlatformException(
        ErrorCode.OUTBOUND_BLOCKED,
        client + ": outbound connection to " + shown + " refused: " + reason);
  }

  /** The host as it may be written down: a bounded host name or address, else a placeholder. */
  static String shown(String host) {
    return host.length() <= 253 && host.matches("[a-z0-9._:-]+") ? host : "(invalid host)";
  }
}
