package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Grafana dashboard in docs/dashboards is valid PromQL (promtool parses it) and
 * reads only series that a running server really exposes on /metrics once it has served requests
 * and run a job, so a renamed or removed series fails here rather than on an operator's screen.
 */
class DashboardQueriesIT {
  private static final Path DASHBOARD =
      Path.of("..", "docs", "dashboards", "palisade.json").toAbsolutePath().normalize();
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}|\\[[^\\]]*\\]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SCRAPED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

  /** The series names a PromQL expression reads: not functions, keywords or label names. */
  static Set<String> seriesOf(String expr) {
    String s = QUOTED.matcher(expr).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> out = new TreeSet<>();
    Matcher m = NAME.matcher(s);
    while (m.find()) {
      String name = m.group();
      int next = m.end();
      while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
        next++;
      }
      boolean call = next < s.length() && s.charAt(next) == '(';
      boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      if (!call && !partOfNumber && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out.add(name);
      }
    }
    return out;
  }

  private static Map<String, String> queries() throws Exception {
    JsonNode dashboard = Http.JSON.readTree(Files.readString(DASHBOARD));
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        assertThat(expr).as(panel.get("title").asText()).isNotBlank();
        out.put(panel.get("title").asText() + " / " + target.get("refId").asText(), expr);
      }
    }
    return out;
  }

  private static String promtoolCheckRules(Path rules) throws Exception {
    Process p =
        new ProcessBuilder("promtool", "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    return p.waitFor() + ":" + out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void findsTheSeriesOfAnExpressionAndNothingElse() {
    assertThat(
            seriesOf(
                "histogram_quantile(0.99, sum by (le, uri) (rate(x_seconds_bucket{status=~\"5..\","
                    + " uri!=\"a b\"}[5m]))) / on (uri) group_left y_total offset 1h"))
        .containsExactly("x_seconds_bucket", "y_total");
    assertThat(seriesOf("time() - max(palisade_backup_last_success_timestamp_seconds)"))
        .containsExactly("palisade_backup_last_success_timestamp_seconds");
  }

  @Test
  void everyPanelQueryParsesAndReadsOnlySeriesTheServerExposes() throws Exception {
    Map<String, String> queries = queries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    queries.forEach((panel, expr) -> assertThat(seriesOf(expr)).as(panel).isNotEmpty());

    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (String expr : queries.values()) {
      rules
          .append("      - record: dashboard:query_")
          .append(n++)
          .append("\n        expr: ")
          .append(Http.JSON.writeValueAsString(expr))
          .append('\n');
    }
    Path file = Files.createTempFile("dashboard", ".rules.yml");
    Files.writeString(file, rules);
    assertThat(promtoolCheckRules(file)).startsWith("0:").contains(n + " rules found");

    try (TestServer server = TestServer.start()) {
      Http http = server.http();
      String admin = server.installAdmin();
      server.createOrg(admin, "dashboard");
      assertThat(http.get("/api/v1/orgs", admin).status()).isEqualTo(200);
      assertThat(http.get("/api/v1/orgs", null).status()).isEqualTo(401);
      assertThat(http.get("/api/v1/orgs/no-such-org", admin).status()).isEqualTo(404);
      Http.Response job =
          http.post("/api/v1/install/jobs/key-provider-verification/run", "", admin);
      assertThat(job.status()).as(job.body()).isEqualTo(200);
      Set<String> exposed = new TreeSet<>();
      Matcher m = SCRAPED.matcher(http.get("/metrics", null).body());
      while (m.find()) {
        exposed.add(m.group(1));
      }
      List<String> missing = new ArrayList<>();
      queries.forEach(
          (panel, expr) ->
              seriesOf(expr).stream()
                  .filter(s -> !exposed.contains(s))
                  .forEach(s -> missing.add(panel + ": " + s)));
      assertThat(missing).as("series the dashboard reads that /metrics does not have").isEmpty();
    }
  }
}
