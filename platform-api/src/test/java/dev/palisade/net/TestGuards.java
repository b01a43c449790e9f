package dev.palisade.net;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Outbound guards for tests that build clients by hand, with what they allow written out. */
public final class TestGuards {
  private TestGuards() {}

  /** A guard on the system resolver that allows {@code entries} (CIDRs or host names). */
  public static OutboundGuard allowing(String... entries) {
    return new OutboundGuard(
        new NetConfig(List.of(entries)),
        new SystemResolver(),
        new SimpleMeterRegistry(),
        ApplicationEventPublisher.noOp());
  }

  /** A guard that allows every address, for live tests against a peer given by the environment. */
  public static OutboundGuard any() {
    return allowing("0.0.0.0/0", "::/0");
  }

  /** A guard that allows loopback only: the protocol stubs listen there. */
  public static OutboundGuard loopback() {
    return allowing("127.0.0.0/8", "::1");
  }

  /**
   * A guard whose resolver knows only {@code names} (name to address literal) and that records its
   * refusals, allowing {@code entries}.
   */
  public static Recording resolving(Map<String, String> names, String... entries) {
    return new Recording(names, entries);
  }

  /** A guard with a resolver of its own, and what it refused. */
  public static final class Recording {
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final List<OutboundBlocked> refusals = new CopyOnWriteArrayList<>();
    public final List<String> lookups = new CopyOnWriteArrayList<>();
    public final OutboundGuard guard;

    private Recording(Map<String, String> names, String... entries) {
      this(
          host -> {
            String literal = names.get(host);
            if (literal == null) {
              throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(literal)};
          },
          List.of(entries));
    }

    /** A guard on {@code resolver}, allowing {@code entries}. */
    public Recording(Resolver resolver, List<String> entries) {
      Resolver counting =
          host -> {
            lookups.add(host);
            return resolver.resolve(host);
          };
      guard = new OutboundGuard(new NetConfig(entries), counting, meters, refusals::add);
    }

    /** {@code palisade_outbound_blocked_total{client}}. */
    public double blocked(String client) {
      var counter = meters.find(OutboundGuard.METRIC).tag("client", client).counter();
      return counter == null ? 0 : counter.count();
    }
  }
}
