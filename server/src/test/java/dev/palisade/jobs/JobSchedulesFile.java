package dev.palisade.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code infra-terraform/modules/jobs/jobs.generated.json}: every job of the registry with its
 * default cadence, the cadence's EventBridge Scheduler expression and its timeout. The Terraform
 * {@code jobs} module makes one schedule per entry, so the Cloud schedules follow the registry.
 */
final class JobSchedulesFile {
  static final String RELATIVE = "infra-terraform/modules/jobs/jobs.generated.json";
  static final String REGENERATE =
      "regenerate it with: mvn -B verify -pl server -am -Dit.test=JobSchedulesFileIT"
          + " -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dpalisade.jobs.write-schedules=true";
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobSchedulesFile() {}

  static Path locate() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("infra-terraform/modules/jobs"))) {
        return p.resolve(RELATIVE);
      }
    }
    throw new IllegalStateException("infra-terraform/modules/jobs not found above " + here);
  }

  /** The file's text for {@code jobs}, sorted by name, ending with a newline. */
  static String render(Collection<Job> jobs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generated_by", "dev.palisade.jobs.JobSchedulesFileIT from the job registry");
    ArrayNode list = root.putArray("jobs");
    jobs.stream()
        .sorted(Comparator.comparing(Job::name))
        .forEach(
            job ->
                list.addObject()
                    .put("name", job.name())
                    .put("cadence", job.defaultCadence().toString())
                    .put("schedule_expression", SchedulerExpressions.of(job.defaultCadence()))
                    .put("timeout_seconds", job.defaultTimeout().toSeconds()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How {@code actual} (the file as committed) differs from {@code expected} (rendered from the
   * registry), one line per job; empty when they agree.
   */
  static List<String> drift(String expected, String actual) {
    Map<String, JsonNode> want = byName(expected);
    Map<String, JsonNode> have = byName(actual);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : want.entrySet()) {
      JsonNode got = have.get(e.getKey());
      if (got == null) {
        out.add("job " + e.getKey() + " is in the registry but has no schedule in the file");
      } else if (!got.equals(e.getValue())) {
        out.add("job " + e.getKey() + ": registry " + e.getValue() + ", file " + got);
      }
    }
    for (String name : have.keySet()) {
      if (!want.containsKey(name)) {
        out.add("job " + name + " has a schedule in the file but is not in the registry");
      }
    }
    return out;
  }

  private static Map<String, JsonNode> byName(String text) {
    Map<String, JsonNode> out = new TreeMap<>();
    try {
      for (JsonNode job : JSON.readTree(text).path("jobs")) {
        out.put(job.path("name").asText(), job);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the schedules file is not JSON: " + e.getMessage(), e);
    }
    return out;
  }
}
