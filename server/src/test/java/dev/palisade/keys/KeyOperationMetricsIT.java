package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Wraps and unwraps of the key provider show on the scrape by provider type and operation. */
class KeyOperationMetricsIT {
  private static double value(Http http, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+]+)$")
            .matcher(http.get("/metrics", null).body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void countsAndTimesWrapsOfTheLocalProviderWithoutOrganizationLabels() throws Exception {
    try (TestServer server = TestServer.start()) {
      Http http = server.http();
      String admin = server.installAdmin();
      String wraps =
          "palisade_key_operations_total{operation=\"wrap\",provider=\"local\",result=\"success\"}";
      double before = value(http, wraps);
      server.createOrg(admin, "keyed-org");
      assertThat(value(http, wraps)).isGreaterThan(before);
      assertThat(
              value(
                  http,
                  "palisade_key_operation_duration_seconds_count{operation=\"wrap\","
                      + "provider=\"local\"}"))
          .isGreaterThan(0);
      assertThat(http.get("/metrics", null).body()).doesNotContain("keyed-org");
    }
  }
}
