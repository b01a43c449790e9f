package dev.palisade.functions;

import static dev.palisade.functions.FunctionFixture.event;
import static dev.palisade.functions.FunctionFixture.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cold start of one function in this JVM (run by {@code bench/functions.sh}, one JVM per handler,
 * as Lambda starts one per execution environment): the application context's start-up (Lambda's
 * init phase), the first invocation and the median of the following ones. Argument: {@code api} or
 * {@code job}. Prints one line per figure.
 */
public final class ColdStartBenchmark {
  private static final int WARM = 20;

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "api";
    try (FunctionFixture fixture =
        new FunctionFixture(Map.of("palisade.jobs.key-provider-verification.enabled", false))) {
      System.out.printf("%s context start-ms %d%n", which, fixture.startMillis());
      if (which.equals("api")) {
        ApiFunction f = new ApiFunction(fixture.context());
        String live = event("health-live.json", Map.of());
        measure("api health-live", () -> invoke(f, live), 200);
        String page = event("console-sign-in-form.json", Map.of());
        measure("api console-sign-in-page", () -> invoke(f, page), 200);
      } else if (which.equals("job")) {
        JobFunction f = new JobFunction(fixture.context());
        String input = event("scheduler-job.json", Map.of("job", "audit-chain-verification"));
        measure("job audit-chain-verification", () -> invoke(f, input), -1);
      } else {
        throw new IllegalArgumentException("api or job");
      }
    }
  }

  /** The first call and the median of {@value #WARM} more; fails on an unexpected status. */
  private static void measure(String name, Supplier<JsonNode> call, int status) {
    long first = timed(call, status);
    long[] warm = new long[WARM];
    for (int i = 0; i < WARM; i++) {
      warm[i] = timed(call, status);
    }
    Arrays.sort(warm);
    System.out.printf("%s first-ms %.1f%n", name, first / 1e6);
    System.out.printf("%s warm-median-ms %.1f%n", name, warm[WARM / 2] / 1e6);
  }

  private static long timed(Supplier<JsonNode> call, int status) {
    long t0 = System.nanoTime();
    JsonNode r = call.get();
    long elapsed = System.nanoTime() - t0;
    if (status > 0 && r.path("statusCode").asInt() != status) {
      throw new IllegalStateException("answered " + r.path("statusCode") + ": " + r);
    }
    if (status < 0 && !r.path("status").asText().equals("success")) {
      throw new IllegalStateException("job answered " + r);
    }
    return elapsed;
  }
}
