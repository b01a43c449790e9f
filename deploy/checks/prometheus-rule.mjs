// Generates deploy/kubernetes/base/prometheusrule.yaml, a Prometheus Operator PrometheusRule, from
// the recommended alert rules in docs/alerts (every *.rules.yml, in name order), so that the two
// cannot drift.
//   node prometheus-rule.mjs --write            regenerate the file
//   node prometheus-rule.mjs --check [file]     exit 1 when the file differs from what docs/alerts gives
// --alerts <dir> reads the rules from another directory.
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { ALERTS, ROOT, alertGroups } from "./alert-rules.mjs";

const target = join(ROOT, "deploy", "kubernetes", "base", "prometheusrule.yaml");
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith("--") ? args[i + 1] : undefined;
};
const alerts = resolve(option("--alerts") ?? ALERTS);

function generate(dir) {
  const { files, groups } = alertGroups(dir);
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "palisade" },
    spec: { groups },
  };
  const header =
    `# Generated from docs/alerts/{${files.join(",")}} by deploy/checks/prometheus-rule.mjs.\n` +
    "# Do not edit: change the rules there, then run `node deploy/checks/prometheus-rule.mjs --write`.\n";
  return header + stringify(rule, { lineWidth: 0 });
}

const text = generate(alerts);
if (args.includes("--write")) {
  writeFileSync(target, text);
  console.log(`wrote ${relative(ROOT, target)}`);
} else if (args.includes("--check")) {
  const file = resolve(option("--check") ?? target);
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = "";
  }
  if (current !== text) {
    console.log(`${file} is out of date with ${alerts}: run node deploy/checks/prometheus-rule.mjs --write`);
    process.exit(1);
  }
  console.log("ok");
} else {
  process.stdout.write(text);
}
