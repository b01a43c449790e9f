package dev.palisade.syslog;

import dev.palisade.crypto.Tokens;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The Test action: opens a connection of its own to a destination, sends one message carrying a
 * random nonce and reports what that proves (UDP: sent; TCP and TLS: written, and the relay still
 * held the connection open {@value #HOLD_MILLIS} ms later), each step's duration, or the sanitized
 * reason it failed.
 */
@Singleton
public final class SyslogTest {
  static final int HOLD_MILLIS = 250;

  private final Relays relays;
  private final SyslogConfig config;
  private final SyslogForwarder forwarder;
  private final Clock clock;

  SyslogTest(Relays relays, SyslogConfig config, SyslogForwarder forwarder, Clock clock) {
    this.relays = relays;
    this.config = config;
    this.forwarder = forwarder;
    this.clock = clock;
  }

  /** What a test showed; {@code reason} and {@code detail} are set when it failed. */
  public record Result(
      boolean ok,
      String transport,
      String proven,
      String nonce,
      List<Steps.Step> steps,
      String reason,
      String detail) {}

  public Result run(Scope scope, SyslogSettings settings) {
    String nonce = Tokens.random(16);
    Steps steps = new Steps();
    Messages m =
        new Messages(settings, config.sdId(), forwarder.hostname(), scope.orgId().orElse(null));
    String t = settings.transport().value();
    try (RelayConnection c = relays.connect(settings, steps)) {
      steps.time("write", () -> c.send(List.of(m.test(clock.instant(), nonce))));
      if (settings.transport() == Transport.UDP) {
        return new Result(true, t, "sent", nonce, steps.list(), null, null);
      }
      boolean open = steps.time("hold", () -> c.open(HOLD_MILLIS));
      if (!open) {
        RelayFailure f =
            new RelayFailure("closed", "the relay closed the connection after the write");
        return new Result(false, t, null, nonce, steps.list(), f.reason(), f.detail());
      }
      return new Result(true, t, "written, connection open", nonce, steps.list(), null, null);
    } catch (IOException | PlatformException e) {
      RelayFailure f = RelayFailure.of(e);
      return new Result(false, t, null, nonce, steps.list(), f.reason(), f.detail());
    }
  }
}
