package dev.palisade.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.testing.TestClock;
import dev.palisade.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One function's application context on its own {@link TestDatabase} and home, built as a function
 * builds it ({@link FunctionSettings}) plus the test's database, and the events of {@code
 * src/test/resources/events} read and written by the serializer Lambda's runtime uses (Micronaut's,
 * registered in {@code META-INF/services}).
 */
final class FunctionFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EMAIL = "admin@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final JsonMapperCustomPojoSerializer SERIALIZER = new JsonMapperCustomPojoSerializer();

  private final TestDatabase db;
  private final Path home;
  private final TestClock clock = new TestClock();
  private final ApplicationContext context;
  private final long startMillis;

  FunctionFixture(Map<String, Object> extra) {
    this.db = TestDatabase.create();
    try {
      this.home = Files.createTempDirectory("palisade-function-home");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> props = new HashMap<>();
    props.put("palisade.home", home.toString());
    props.put("palisade.database.url", db.url());
    props.put("palisade.database.tenant-prefix", db.tenantPrefix());
    props.put("palisade.database.tenant-connection-cap", 10);
    props.putAll(extra);
    long t0 = System.nanoTime();
    this.context = FunctionSettings.builder(Map.of()).properties(props).singletons(clock).start();
    this.startMillis = (System.nanoTime() - t0) / 1_000_000;
  }

  /** How long the application context took to start, in milliseconds. */
  long startMillis() {
    return startMillis;
  }

  ApplicationContext context() {
    return context;
  }

  TestDatabase db() {
    return db;
  }

  TestClock clock() {
    return clock;
  }

  String setupToken() {
    try {
      return Files.readString(home.resolve("setup-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Completes setup through {@code function} as {@link #EMAIL}; returns that admin's token. */
  String completeSetup(ApiFunction function) {
    JsonNode setup =
        invoke(
            function,
            event(
                "setup.json",
                Map.of("setupToken", setupToken(), "email", EMAIL, "password", PASSWORD)));
    if (setup.get("statusCode").asInt() != 201) {
      throw new IllegalStateException("setup answered " + setup);
    }
    JsonNode signedIn = invoke(function, signIn());
    try {
      return JSON.readTree(signedIn.get("body").asText()).get("accessToken").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API sign-in event of {@link #EMAIL}. */
  static String signIn() {
    return event("sign-in.json", Map.of("email", EMAIL, "password", PASSWORD));
  }

  /** The event file {@code name} with each {@code ${key}} replaced by its value. */
  static String event(String name, Map<String, String> values) {
    String text;
    try (InputStream in = FunctionFixture.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no event file " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> v : values.entrySet()) {
      text = text.replace("${" + v.getKey() + "}", v.getValue());
    }
    if (text.contains("${")) {
      throw new IllegalArgumentException("a placeholder of " + name + " has no value");
    }
    return text;
  }

  /** Lambda's runtime: reads the event, invokes the handler, writes the answer as JSON. */
  static JsonNode invoke(ApiFunction function, String eventJson) {
    APIGatewayV2HTTPEvent event = SERIALIZER.fromJson(eventJson, APIGatewayV2HTTPEvent.class);
    APIGatewayV2HTTPResponse r = function.handleRequest(event, new MockLambdaContext());
    return written(r, APIGatewayV2HTTPResponse.class);
  }

  static JsonNode invoke(JobFunction function, String inputJson) {
    JobInvocation input = SERIALIZER.fromJson(inputJson, JobInvocation.class);
    return written(function.handleRequest(input, new MockLambdaContext()), JobOutcome.class);
  }

  private static JsonNode written(Object answer, Type type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SERIALIZER.toJson(answer, out, type);
    try {
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    context.close();
    db.close();
  }
}
