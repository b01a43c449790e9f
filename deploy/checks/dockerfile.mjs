// Lints a Dockerfile against the rules the Palisade image must keep, using a real Dockerfile
// parser (dockerfile-ast). Usage: node dockerfile.mjs <Dockerfile> <api port>
// Prints one line per broken rule and exits 1, or prints "ok" and exits 0.
// node dockerfile.mjs --healthcheck <Dockerfile> prints the last HEALTHCHECK's shell command.
import { readFileSync } from "node:fs";
import pkg from "dockerfile-ast";

const { DockerfileParser } = pkg;
if (process.argv[2] === "--healthcheck") {
  const health = DockerfileParser.parse(readFileSync(process.argv[3], "utf8")).getHEALTHCHECKs().at(-1);
  const command = /\bCMD\s+([\s\S]*)$/.exec(health?.getArgumentsContent() ?? "");
  if (!command) {
    console.error("no HEALTHCHECK CMD");
    process.exit(1);
  }
  console.log(command[1].replace(/\\\r?\n/g, " ").trim());
  process.exit(0);
}
const [file, portArg] = process.argv.slice(2);
if (!file || !portArg) {
  console.error("usage: node dockerfile.mjs <Dockerfile> <api port>");
  process.exit(2);
}
const port = portArg.trim();
const dockerfile = DockerfileParser.parse(readFileSync(file, "utf8"));
const problems = [];
const fail = (line, message) => problems.push(`${file}:${line + 1}: ${message}`);

// Split the instructions into stages, each starting at its FROM.
const stages = [];
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === "FROM") {
    stages.push({ from: instruction, instructions: [] });
  } else if (stages.length > 0) {
    stages[stages.length - 1].instructions.push(instruction);
  }
}
if (stages.length < 2) {
  fail(0, "not a multi-stage build: a build stage and a runtime stage are expected");
}

// Every base image is pinned: a digest, or a tag holding a full x.y.z version.
const stageNames = new Set();
for (const { from } of stages) {
  const line = from.getRange().start.line;
  const image = from.getImageName();
  const tag = from.getImageTag();
  const digest = from.getImageDigest();
  if (!stageNames.has(image)) {
    if (!digest && !(tag && /\d+\.\d+\.\d+/.test(tag))) {
      fail(line, `base image ${image}${tag ? ":" + tag : ""} is not pinned to a digest or a full x.y.z version`);
    }
  }
  if (from.getBuildStage()) {
    stageNames.add(from.getBuildStage());
  }
}

const build = stages.find((s) => /(^|\/)maven$/.test(s.from.getImageName() ?? ""));
if (!build) {
  fail(0, "no build stage FROM a maven image");
} else if (!/temurin-17|jdk-?17/.test(build.from.getImageTag() ?? "")) {
  fail(build.from.getRange().start.line, "the build stage's Maven image is not on JDK 17");
}

const runtime = stages[stages.length - 1];
if (runtime) {
  const line = runtime.from.getRange().start.line;
  const tag = runtime.from.getImageTag() ?? "";
  if (!/^17[._]/.test(tag) || !/jre/.test(tag)) {
    fail(line, `the runtime stage is not a JRE 17 image (tag ${tag || "none"})`);
  }
  const all = (keyword) => runtime.instructions.filter((i) => i.getKeyword() === keyword);
  const lastOf = (keyword) => all(keyword).at(-1);

  const copiesJar = all("COPY").some(
    (c) => c.getFlags().some((f) => f.getName() === "from") && /palisade-server\.jar/.test(c.getArgumentsContent() ?? ""));
  if (!copiesJar) {
    fail(line, "the runtime stage does not copy palisade-server.jar from the build stage");
  }

  if (!all("RUN").some((r) => /\bpostgresql-client\b/.test(r.getRawArgumentsContent() ?? ""))) {
    fail(line, "the runtime stage does not install postgresql-client: the database-backup job needs pg_dump");
  }

  const user = lastOf("USER");
  const entrypoint = lastOf("ENTRYPOINT");
  if (!user) {
    fail(line, "the runtime stage has no USER: the server would run as root");
  } else {
    const name = (user.getArgumentsContent() ?? "").split(":")[0].trim();
    if (name === "" || name === "root" || name === "0") {
      fail(user.getRange().start.line, `USER ${name || "(empty)"} runs the server as root`);
    }
    if (entrypoint && user.getRange().start.line > entrypoint.getRange().start.line) {
      fail(user.getRange().start.line, "USER comes after ENTRYPOINT");
    }
  }

  const env = new Map();
  for (const e of all("ENV")) {
    for (const p of e.getProperties()) {
      env.set(p.getName(), p.getUnescapedValue());
    }
  }
  if (env.get("PALISADE_HOME") !== "/var/lib/palisade") {
    fail(line, `PALISADE_HOME is ${env.get("PALISADE_HOME") ?? "unset"}, expected /var/lib/palisade`);
  }
  if (env.get("PALISADE_HTTP_HOST") !== "0.0.0.0") {
    fail(line, "PALISADE_HTTP_HOST is not 0.0.0.0: the server would answer on loopback only");
  }
  if ((env.get("PALISADE_HTTP_PORT") ?? port) !== port) {
    fail(line, `PALISADE_HTTP_PORT is ${env.get("PALISADE_HTTP_PORT")}, the exposed API port is ${port}`);
  }

  const volumes = all("VOLUME").flatMap((v) =>
    v.getJSONStrings ? v.getJSONStrings().map((s) => s.getJSONValue()) : v.getArguments().map((a) => a.getValue()));
  if (!volumes.includes("/var/lib/palisade")) {
    fail(line, "no VOLUME /var/lib/palisade");
  }

  const exposed = all("EXPOSE").flatMap((e) => e.getArguments().map((a) => a.getValue().split("/")[0]));
  if (!exposed.includes(port)) {
    fail(line, `EXPOSE does not name the server's API port ${port} (exposes ${exposed.join(", ") || "nothing"})`);
  }

  const health = lastOf("HEALTHCHECK");
  if (!health) {
    fail(line, "no HEALTHCHECK");
  } else {
    const text = health.getRawArgumentsContent() ?? "";
    if (/^\s*NONE\b/i.test(text)) {
      fail(health.getRange().start.line, "HEALTHCHECK NONE");
    } else if (!/\/api\/health\/live\b/.test(text)) {
      fail(health.getRange().start.line, "HEALTHCHECK does not call /api/health/live");
    } else if (!text.includes(":" + port + "/") && !text.includes(":${PALISADE_HTTP_PORT}/")) {
      fail(health.getRange().start.line, `HEALTHCHECK does not call the API port ${port}`);
    }
  }

  if (!entrypoint) {
    fail(line, "no ENTRYPOINT");
  } else {
    const json = entrypoint.getJSONStrings ? entrypoint.getJSONStrings() : [];
    if (json.length === 0) {
      fail(entrypoint.getRange().start.line,
        "ENTRYPOINT is in shell form: a shell would be process 1 and SIGTERM would not reach the JVM");
    } else if (!["java", "/opt/palisade/palisade-java"].includes(json[0].getJSONValue())
        || !json.some((s) => s.getJSONValue().endsWith("palisade-server.jar"))) {
      // palisade-java execs the JVM, which stays process 1
      fail(entrypoint.getRange().start.line,
        "ENTRYPOINT does not run palisade-server.jar with java or /opt/palisade/palisade-java");
    }
    if (json[0]?.getJSONValue() === "/opt/palisade/palisade-java"
        && !all("COPY").some((c) => /\bdeploy\/palisade-java\b/.test(c.getRawArgumentsContent() ?? ""))) {
      fail(entrypoint.getRange().start.line, "ENTRYPOINT runs /opt/palisade/palisade-java, which no COPY puts there");
    }
  }
  const stop = lastOf("STOPSIGNAL");
  if (stop && !/^(SIGTERM|TERM|15)$/.test((stop.getArgumentsContent() ?? "").trim())) {
    fail(stop.getRange().start.line, `STOPSIGNAL ${stop.getArgumentsContent()}: the server shuts down gracefully on SIGTERM`);
  }
  if (all("CMD").length > 0) {
    fail(all("CMD")[0].getRange().start.line, "CMD in the runtime stage would add arguments to the server");
  }
}

if (problems.length > 0) {
  problems.forEach((p) => console.log(p));
  process.exit(1);
}
console.log("ok");
