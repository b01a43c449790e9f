package dev.palisade.ratelimit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Named;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Rate limits the API and the console (the probes and {@code /metrics} are outside its paths, so
 * they never run it). It runs right after the security filter: a request with a valid token is
 * counted against its token's subject, any other against its client address ({@link
 * ClientAddresses}), in the bucket of its {@link Category}. Nothing here touches a database, so a
 * refused request costs no more than a map lookup. Over the limit the answer is 429 problem+json
 * with {@code Retry-After}; every limited response carries {@code RateLimit} and {@code
 * RateLimit-Policy}.
 *
 * <p>A refusal is held for {@code refusal-delay} (or until the bucket would have a token, if that
 * is sooner) before it is sent, with no thread waiting: a client that sends its next request only
 * after the answer to the last one (as nearly every flooding tool does) then gets one refusal per
 * connection and delay, instead of as many as the server can write. At most {@code
 * max-delayed-refusals} are held at once; beyond that a refusal is sent at once.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "palisade.ratelimit.enabled", notEquals = "false")
public final class RateLimitFilter implements Ordered {
  static final String POLICY = "RateLimit-Policy";
  static final String LIMIT = "RateLimit";
  private static final String ATTRIBUTE = "palisade.ratelimit";

  /** The console's key bean and header (module console-web, {@code console.api.RelayKey}). */
  static final String RELAY_KEY = "palisade-console-relay-key";

  static final String RELAY_HEADER = "X-Palisade-Console-Relay";

  private static final String QUIET = "palisade.ratelimit.quiet";

  /**
   * Whether {@code request} was let through with at least half its bucket left: its client has made
   * few such requests lately. A flooding client has emptied its bucket; a person signing in has
   * not.
   */
  public static boolean quietClient(HttpRequest<?> request) {
    return request.getAttribute(QUIET, Boolean.class).orElse(false);
  }

  private final ClientAddresses addresses;
  private final ErrorResponseProcessor<?> problems;
  private final Clock clock;
  private final TokenBuckets buckets;
  private final Map<Category, Policy> policies = new EnumMap<>(Category.class);
  private final Map<Category, Counter> hits = new EnumMap<>(Category.class);
  private final RefusalDelay delay;
  private final byte[] relayKey;

  RateLimitFilter(
      RateLimitConfig config,
      ClientAddresses addresses,
      ErrorResponseProcessor<?> problems,
      MeterRegistry registry,
      RefusalDelay delay,
      @Nullable @Named(RELAY_KEY) Supplier<String> relayKey,
      Clock clock) {
    this.addresses = addresses;
    this.problems = problems;
    this.clock = clock;
    this.delay = delay;
    this.relayKey = relayKey == null ? null : relayKey.get().getBytes(StandardCharsets.US_ASCII);
    this.buckets = new TokenBuckets(config.maxBuckets());
    for (Category c : Category.values()) {
      policies.put(c, config.policy(c));
      hits.put(
          c,
          Counter.builder("palisade.rate.limit.hits")
              .description("Requests refused with 429 by the rate limiter, by category")
              .tag("category", c.value())
              .register(registry));
    }
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }

  private record Outcome(Policy policy, TokenBuckets.Decision decision) {}

  @RequestFilter
  public CompletionStage<@Nullable HttpResponse<?>> onRequest(HttpRequest<?> request) {
    if (!limited(request.getPath()) || relayed(request)) {
      return RefusalDelay.PROCEED;
    }
    Category category = Category.of(request.getMethod(), request.getPath());
    Policy policy = policies.get(category);
    TokenBuckets.Decision d = buckets.take(key(request, category), policy, nanos(clock.instant()));
    request.setAttribute(ATTRIBUTE, new Outcome(policy, d));
    if (d.allowed() && d.remaining() >= policy.burst() / 2) {
      request.setAttribute(QUIET, Boolean.TRUE);
    }
    if (d.allowed()) {
      return RefusalDelay.PROCEED;
    }
    hits.get(category).increment();
    PlatformException refused =
        PlatformException.retryAfter(
            ErrorCode.RATE_LIMITED,
            "too many " + category.value() + " requests; retry later",
            Duration.ofNanos(d.waitNanos()));
    MutableHttpResponse<?> base = HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS);
    refused.retryAfterSeconds().ifPresent(s -> base.header(HttpHeaders.RETRY_AFTER, s.toString()));
    headers(base, policy, d);
    return delay.hold(
        problems.processResponse(ErrorContext.builder(request).cause(refused).build(), base),
        d.waitNanos());
  }

  @ResponseFilter
  public void onResponse(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request
        .getAttribute(ATTRIBUTE, Outcome.class)
        .filter(o -> o.decision().allowed())
        .ifPresent(o -> headers(response, o.policy(), o.decision()));
  }

  /**
   * The API and the console; never the probes or {@code /metrics}. Matched here rather than by
   * filter patterns: Micronaut matches a filter's path patterns on every request, and that cost
   * fell on the probes too.
   */
  static boolean limited(String path) {
    return path.startsWith("/api/v1/") || path.equals("/console") || path.startsWith("/console/");
  }

  /**
   * A call of this server's console to its own API: from a loopback peer, with the console's
   * per-process key. The console counted the request it serves against the real client already.
   */
  private boolean relayed(HttpRequest<?> request) {
    if (relayKey == null) {
      return false;
    }
    String presented = request.getHeaders().get(RELAY_HEADER);
    if (presented == null) {
      return false;
    }
    InetSocketAddress peer = request.getRemoteAddress();
    return peer.getAddress() != null
        && peer.getAddress().isLoopbackAddress()
        && MessageDigest.isEqual(relayKey, presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static void headers(MutableHttpResponse<?> r, Policy p, TokenBuckets.Decision d) {
    long reset = seconds(d.allowed() ? d.fullInNanos() : d.waitNanos());
    r.getHeaders().set(POLICY, p.header());
    r.getHeaders()
        .set(LIMIT, "\"" + p.category().value() + "\";r=" + d.remaining() + ";t=" + reset);
  }

  private String key(HttpRequest<?> request, Category category) {
    if (category != Category.AUTH) {
      Authentication auth = request.getUserPrincipal(Authentication.class).orElse(null);
      if (auth != null) {
        return category.ordinal() + "|id|" + auth.getName();
      }
    }
    return category.ordinal()
        + "|ip|"
        + addresses
            .client(
                request.getRemoteAddress().getAddress(),
                request.getHeaders().get("X-Forwarded-For"))
            .getHostAddress();
  }

  private static long seconds(long nanos) {
    return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  int buckets() {
    return buckets.size();
  }
}
