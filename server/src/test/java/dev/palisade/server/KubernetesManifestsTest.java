package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.DeployTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/kubernetes} renders offline with {@code kubectl kustomize}, every rendered object
 * matches its API schema (kubernetes-models, the Prometheus Operator's CRDs included), and the
 * manifests keep their rules: the seeds' probe spec, a read-only root file system, egress only to
 * PostgreSQL, the key provider and the relay, and a PrometheusRule equal to docs/alerts.
 */
class KubernetesManifestsTest {
  @TempDir Path dir;

  private Path render(String kustomization) throws Exception {
    DeployTools.Result rendered =
        DeployTools.run(List.of("kubectl", "kustomize", "deploy/kubernetes/" + kustomization));
    assertThat(rendered.exitCode()).as(rendered.output()).isZero();
    Path file = dir.resolve(kustomization.replace('/', '-') + ".yaml");
    Files.writeString(file, rendered.output());
    return file;
  }

  private static List<Map<String, Object>> objects(Path rendered) throws Exception {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object o : new Yaml().loadAll(Files.readString(rendered))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) o;
      objects.add(object);
    }
    return objects;
  }

  private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
    List<Map<String, Object>> found =
        objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/management-port"})
  void everyRenderedObjectMatchesItsSchemaAndTheRules(String kustomization) throws Exception {
    DeployTools.Result check = DeployTools.node("kubernetes.mjs", render(kustomization).toString());
    assertThat(check.output()).isEqualTo("ok: 7 objects\n");
    assertThat(check.exitCode()).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOverlayMovesTheScrapeToTheManagementPort() throws Exception {
    List<Map<String, Object>> objects = objects(render("overlays/management-port"));
    assertThat(map(only(objects, "ConfigMap").get("data")))
        .containsEntry("PALISADE_MANAGEMENT_PORT", "9464")
        .containsEntry("PALISADE_MANAGEMENT_HOST", "0.0.0.0");
    List<Map<String, Object>> endpoints =
        (List<Map<String, Object>>)
            map(only(objects, "ServiceMonitor").get("spec")).get("endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("port", "management"));
    List<Map<String, Object>> ports =
        (List<Map<String, Object>>) map(only(objects, "Service").get("spec")).get("ports");
    assertThat(ports)
        .extracting(p -> p.get("name"), p -> p.get("port"))
        .contains(org.assertj.core.groups.Tuple.tuple("management", 9464));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          writable root         | readOnlyRootFilesystem: true  | readOnlyRootFilesystem: false | the root file system is not read-only
          escalation            | allowPrivilegeEscalation: false | allowPrivilegeEscalation: true | privilege escalation is not switched off
          liveness period       | periodSeconds: 30             | periodSeconds: 60             | livenessProbe is
          readiness path        | path: /api/health/ready       | path: /api/health/detailed    | readinessProbe is
          port as text          | containerPort: 7443           | containerPort: "7443"         | does not match the apps/v1/Deployment schema
          no tmp                | mountPath: /tmp               | mountPath: /scratch           | nothing writable is mounted at /tmp
          egress to https       | port: 8200                    | port: 443                     | egress allows 443/TCP
          egress anywhere       | cidr: 10.0.30.0/24            | cidr: 0.0.0.0/0               | allows 0.0.0.0/0, every address
          blocking budget       | minAvailable: 1               | minAvailable: 2               | would block every voluntary eviction
          alert changed         | for: 2m                       | for: 5m                       | its groups differ from docs/alerts
          alert for as number   | for: 2m                       | for: 120                      | does not match the monitoring.coreos.com/v1/PrometheusRule schema
          scrape interval       | interval: 30s                 | interval: 30                  | does not match the monitoring.coreos.com/v1/ServiceMonitor schema
          scrape path           | path: /metrics                | path: /api/metrics            | scrapes /api/metrics, not /metrics
          no memory limit       | memory: 1536Mi                | cpu: "1"                      | no resources.limits.memory
          loopback              | value: 0.0.0.0                | value: 127.0.0.1              | PALISADE_HTTP_HOST is not 0.0.0.0
          """)
  void aBrokenManifestFailsTheCheck(String name, String from, String to, String expected)
      throws Exception {
    Path rendered = render("base");
    String text = Files.readString(rendered);
    assertThat(text).contains(from);
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, text.replace(from, to));
    DeployTools.Result check = DeployTools.node("kubernetes.mjs", broken.toString());
    assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
    assertThat(check.output()).contains(expected);
  }

  @Test
  void thePrometheusRuleIsGeneratedFromTheAlertRules() {
    DeployTools.Result check = DeployTools.node("prometheus-rule.mjs", "--check");
    assertThat(check.output()).isEqualTo("ok\n");
    assertThat(check.exitCode()).isZero();
  }

  @Test
  void anAlertRuleChangedWithoutRegeneratingFailsTheCheck() throws Exception {
    Path alerts = Files.createDirectories(dir.resolve("alerts"));
    Path source = DeployTools.ROOT.resolve("docs/alerts");
    for (String file : List.of("palisade.rules.yml", "backup.rules.yml")) {
      Files.copy(source.resolve(file), alerts.resolve(file));
    }
    Path rules = alerts.resolve("palisade.rules.yml");
    String text = Files.readString(rules);
    assertThat(text).contains("for: 2m");
    Files.writeString(rules, text.replaceFirst("for: 2m", "for: 3m"));
    DeployTools.Result check =
        DeployTools.node("prometheus-rule.mjs", "--check", "--alerts", alerts.toString());
    assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
    assertThat(check.output()).contains("is out of date with").contains("--write");
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePrometheusRuleHoldsEveryAlertAndPassesPromtool() throws Exception {
    Map<String, Object> spec = map(only(objects(render("base")), "PrometheusRule").get("spec"));
    List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
    assertThat(groups)
        .extracting(g -> g.get("name"))
        .containsExactly("palisade-backup", "palisade");
    long alerts = 0;
    for (String file : List.of("palisade.rules.yml", "backup.rules.yml")) {
      alerts +=
          Files.readAllLines(DeployTools.ROOT.resolve("docs/alerts").resolve(file)).stream()
              .filter(l -> l.strip().startsWith("- alert:"))
              .count();
    }
    Path rules = dir.resolve("rendered.rules.yml");
    Files.writeString(rules, new Yaml().dump(Map.of("groups", groups)));
    DeployTools.Result promtool =
        DeployTools.run(List.of("promtool", "check", "rules", rules.toString()));
    assertThat(promtool.exitCode()).as(promtool.output()).isZero();
    assertThat(promtool.output()).contains(alerts + " rules found");
  }
}
