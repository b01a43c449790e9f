package dev.palisade.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.api.health.Readiness;
import dev.palisade.health.DependencyMonitor;
import dev.palisade.health.DependencyStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code GET /api/health/live} and {@code GET /api/health/ready} in the connection's Netty
 * pipeline, ahead of Micronaut's routing and filter chain: a probe needs none of security, rate
 * limiting or request filters, and orchestrators send many. The answers are the controller's
 * ({@link HealthController}, which still serves every other form of the request, such as one with a
 * query string), probes still count in {@code http_server_requests_seconds} and still echo a safe
 * {@code X-Request-ID}. {@code palisade.health.fast-path=false} sends probes through the router
 * instead.
 */
@Singleton
@Requires(property = "palisade.health.fast-path", notEquals = "false")
final class ProbeFastPath implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  static final String LIVE = "/api/health/live";
  static final String READY = "/api/health/ready";
  static final String HANDLER = "palisade-probes";

  private final DependencyMonitor monitor;
  private final ObjectMapper json;
  private final MeterRegistry meters;
  private final byte[] live;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private volatile Ready lastReady;

  /** The serialized readiness answer of one state snapshot, reused until the state changes. */
  private record Ready(List<DependencyStatus> state, boolean ready, byte[] body) {}

  /** A probe's answer: its status code and JSON body. */
  record Answer(int status, byte[] body) {}

  ProbeFastPath(DependencyMonitor monitor, ObjectMapper json, MeterRegistry meters)
      throws JsonProcessingException {
    this.monitor = monitor;
    this.json = json;
    this.meters = meters;
    this.live = json.writeValueAsBytes(Map.of("status", "ok"));
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    NettyServerCustomizer.Registry registry = event.getBean();
    registry.register(new ConnectionCustomizer(null));
    return registry;
  }

  /** The answer for {@code path}, or null when the path is not a probe this answers. */
  Answer answer(String path) {
    if (LIVE.equals(path)) {
      return new Answer(200, live);
    }
    if (!READY.equals(path)) {
      return null;
    }
    boolean ready = monitor.ready();
    List<DependencyStatus> state = monitor.state();
    Ready cached = lastReady;
    if (cached == null || cached.state() != state || cached.ready() != ready) {
      try {
        cached = new Ready(state, ready, json.writeValueAsBytes(Readiness.body(ready, state)));
      } catch (JsonProcessingException e) {
        return null; // the router answers, and reports the problem its own way
      }
      lastReady = cached;
    }
    return new Answer(ready ? 200 : 503, cached.body());
  }

  /** Records a probe in {@code http.server.requests} with the tags Micronaut's own metrics use. */
  void record(String path, int status, long nanos) {
    timers
        .computeIfAbsent(
            path + " " + status,
            k ->
                Timer.builder("http.server.requests")
                    .tags(
                        "method",
                        "GET",
                        "status",
                        Integer.toString(status),
                        "uri",
                        path,
                        "exception",
                        "none")
                    .register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Puts a {@link ProbeHandler} in front of Micronaut's handler on every HTTP/1.x connection. */
  private final class ConnectionCustomizer implements NettyServerCustomizer {
    private final Channel channel;

    ConnectionCustomizer(Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(channel) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel == null) {
        return;
      }
      var pipeline = channel.pipeline();
      boolean http1 =
          pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
              || pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_DECODER) != null;
      if (http1
          && pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
          && pipeline.get(HANDLER) == null) {
        pipeline.addBefore(
            ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND,
            HANDLER,
            new ProbeHandler(ProbeFastPath.this));
      }
    }
  }
}
