// Checks the Kubernetes objects that `kubectl kustomize` rendered from deploy/kubernetes: every
// object against its API schema (kubernetes-models; the Prometheus Operator's CRDs through
// @kubernetes-models/prometheus-operator), then the rules the Palisade manifests must keep.
// Usage: node kubernetes.mjs <rendered.yaml>
// Prints one line per problem and exits 1, or prints "ok: N objects" and exits 0.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PrometheusRule, ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { alertGroups } from "./alert-rules.mjs";

const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};
const API_PORT = 7443;
// the seeds' probe spec (docs/health-probes.md)
const LIVENESS = { httpGet: { path: "/api/health/live", port: API_PORT }, periodSeconds: 30, failureThreshold: 3 };
const READINESS = { httpGet: { path: "/api/health/ready", port: API_PORT }, periodSeconds: 10, failureThreshold: 3 };
// DNS, PostgreSQL, Vault Transit, the syslog relay (TLS, TCP, UDP)
const EGRESS = ["53/UDP", "53/TCP", "5432/TCP", "8200/TCP", "6514/TCP", "514/TCP", "514/UDP"];

const file = process.argv[2];
if (!file) {
  console.error("usage: node kubernetes.mjs <rendered.yaml>");
  process.exit(2);
}
const problems = [];
const fail = (message) => problems.push(message);

const docs = parseAllDocuments(readFileSync(file, "utf8"));
const objects = [];
for (const doc of docs) {
  if (doc.errors.length > 0) {
    fail(`not YAML: ${doc.errors[0].message}`);
    continue;
  }
  const object = doc.toJS();
  if (object) {
    objects.push(object);
  }
}
for (const object of objects) {
  const key = `${object.apiVersion}/${object.kind}`;
  const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  const Model = MODELS[key];
  if (!Model) {
    fail(`${name}: ${key} is not a kind these manifests are expected to hold`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    fail(`${name}: does not match the ${key} schema: ${e.message}`);
  }
}

const only = (kind) => {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) {
    fail(`expected one ${kind}, found ${found.length}`);
  }
  return found[0];
};
const matches = (selector, labels) =>
  selector && Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const deployment = only("Deployment");
const service = only("Service");
const pdb = only("PodDisruptionBudget");
const policy = only("NetworkPolicy");
const monitor = only("ServiceMonitor");
const rule = only("PrometheusRule");
const configMaps = objects.filter((o) => o.kind === "ConfigMap");

const pod = deployment?.spec?.template;
const podLabels = pod?.metadata?.labels ?? {};
const container = pod?.spec?.containers?.find((c) => c.name === "palisade");
if (deployment && !container) {
  fail("Deployment/palisade: no container named palisade");
}
const settings = {};
for (const from of container?.envFrom ?? []) {
  if (from.configMapRef) {
    const map = configMaps.find((m) => m.metadata.name === from.configMapRef.name);
    if (!map) {
      fail(`Deployment/palisade: envFrom names ConfigMap ${from.configMapRef.name}, which is not rendered`);
    }
    Object.assign(settings, map?.data ?? {});
  }
}
for (const e of container?.env ?? []) {
  settings[e.name] = e.value;
}

if (container) {
  if (!isDeepStrictEqual(container.livenessProbe, LIVENESS)) {
    fail(`Deployment/palisade: livenessProbe is ${JSON.stringify(container.livenessProbe)}, not the probe spec ${JSON.stringify(LIVENESS)}`);
  }
  if (!isDeepStrictEqual(container.readinessProbe, READINESS)) {
    fail(`Deployment/palisade: readinessProbe is ${JSON.stringify(container.readinessProbe)}, not the probe spec ${JSON.stringify(READINESS)}`);
  }
  if (settings.PALISADE_HTTP_HOST !== "0.0.0.0") {
    fail("Deployment/palisade: PALISADE_HTTP_HOST is not 0.0.0.0: the kubelet could not reach the probes");
  }
  if (!container.ports?.some((p) => p.containerPort === API_PORT)) {
    fail(`Deployment/palisade: the API port ${API_PORT} is not a container port`);
  }
  const resources = container.resources ?? {};
  for (const [kind, what] of [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]]) {
    if (!resources[kind]?.[what]) {
      fail(`Deployment/palisade: no resources.${kind}.${what}`);
    }
  }
  const sc = container.securityContext ?? {};
  const podSc = pod.spec.securityContext ?? {};
  if (sc.readOnlyRootFilesystem !== true) {
    fail("Deployment/palisade: the root file system is not read-only");
  }
  if (sc.allowPrivilegeEscalation !== false) {
    fail("Deployment/palisade: privilege escalation is not switched off");
  }
  if (!(sc.capabilities?.drop ?? []).includes("ALL")) {
    fail("Deployment/palisade: capabilities are not all dropped");
  }
  if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true || (sc.runAsUser ?? podSc.runAsUser) === 0) {
    fail("Deployment/palisade: not forced to run as a non-root user");
  }
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const mountAt = (path) => (container.volumeMounts ?? []).find((m) => m.mountPath === path);
  for (const path of ["/tmp", settings.PALISADE_HOME ?? "/var/lib/palisade"]) {
    const mount = mountAt(path);
    if (!mount || !volumes.has(mount.name)) {
      fail(`Deployment/palisade: nothing writable is mounted at ${path} on the read-only root file system`);
    }
  }
  if (settings.PALISADE_HOME !== "/var/lib/palisade") {
    fail(`Deployment/palisade: PALISADE_HOME is ${settings.PALISADE_HOME ?? "unset"}, expected /var/lib/palisade`);
  }
  if (!((pod.spec.terminationGracePeriodSeconds ?? 30) > 20)) {
    fail("Deployment/palisade: terminationGracePeriodSeconds is not above the 20 s shutdown grace period");
  }
  if (!matches(deployment.spec.selector?.matchLabels, podLabels)) {
    fail("Deployment/palisade: its selector does not match its pod template");
  }
}

if (pdb) {
  if (!matches(pdb.spec.selector?.matchLabels, podLabels)) {
    fail("PodDisruptionBudget/palisade: selects no Palisade pod");
  }
  const replicas = deployment?.spec?.replicas ?? 1;
  if (pdb.spec.minAvailable !== undefined && !(typeof pdb.spec.minAvailable === "number" && pdb.spec.minAvailable < replicas)) {
    fail(`PodDisruptionBudget/palisade: minAvailable ${pdb.spec.minAvailable} with ${replicas} replicas would block every voluntary eviction`);
  }
}

const servicePorts = new Map((service?.spec?.ports ?? []).map((p) => [p.name, p]));
if (service) {
  if (service.metadata.name !== "palisade") {
    fail(`Service/${service.metadata.name}: the Service must be named palisade, the job name docs/alerts expects`);
  }
  if (!matches(service.spec.selector, podLabels)) {
    fail("Service/palisade: selects no Palisade pod");
  }
  for (const p of servicePorts.values()) {
    if (!container?.ports?.some((c) => c.name === p.targetPort || c.containerPort === p.targetPort)) {
      fail(`Service/palisade: port ${p.name} targets ${p.targetPort}, which the container does not have`);
    }
  }
}

const managementPort = settings.PALISADE_MANAGEMENT_PORT ? Number(settings.PALISADE_MANAGEMENT_PORT) : undefined;
const metricsPort = managementPort ?? API_PORT;
if (monitor) {
  if (!matches(monitor.spec.selector?.matchLabels, service?.metadata?.labels)) {
    fail("ServiceMonitor/palisade: selects no Palisade Service");
  }
  const endpoints = monitor.spec.endpoints ?? [];
  if (endpoints.length !== 1) {
    fail(`ServiceMonitor/palisade: expected one endpoint, found ${endpoints.length}`);
  }
  for (const e of endpoints) {
    const sp = servicePorts.get(e.port);
    const target = container?.ports?.find((c) => c.name === sp?.targetPort || c.containerPort === sp?.targetPort);
    if (!sp || target?.containerPort !== metricsPort) {
      fail(`ServiceMonitor/palisade: scrapes port ${e.port}, not the port /metrics is served on (${metricsPort})`);
    }
    if (e.path !== "/metrics") {
      fail(`ServiceMonitor/palisade: scrapes ${e.path}, not /metrics`);
    }
  }
}
if (managementPort !== undefined && settings.PALISADE_MANAGEMENT_HOST !== "0.0.0.0") {
  fail("Deployment/palisade: PALISADE_MANAGEMENT_HOST is not 0.0.0.0: Prometheus could not reach the management port");
}

if (policy) {
  if (!matches(policy.spec.podSelector?.matchLabels, podLabels)) {
    fail("NetworkPolicy/palisade: selects no Palisade pod");
  }
  if (!(policy.spec.policyTypes ?? []).includes("Egress")) {
    fail("NetworkPolicy/palisade: does not restrict egress");
  }
  const allowed = [];
  for (const [i, e] of (policy.spec.egress ?? []).entries()) {
    if (!e.to || e.to.length === 0) {
      fail(`NetworkPolicy/palisade: egress rule ${i} has no destination, so it allows every destination`);
    }
    if (!e.ports || e.ports.length === 0) {
      fail(`NetworkPolicy/palisade: egress rule ${i} has no ports, so it allows every port`);
    }
    for (const peer of e.to ?? []) {
      if (peer.ipBlock && /\/0$/.test(peer.ipBlock.cidr)) {
        fail(`NetworkPolicy/palisade: egress rule ${i} allows ${peer.ipBlock.cidr}, every address`);
      }
    }
    for (const p of e.ports ?? []) {
      allowed.push(`${p.port}/${p.protocol ?? "TCP"}`);
    }
  }
  const extra = allowed.filter((p) => !EGRESS.includes(p));
  const missing = EGRESS.filter((p) => !allowed.includes(p));
  if (extra.length > 0) {
    fail(`NetworkPolicy/palisade: egress allows ${extra.join(", ")}, beyond DNS, PostgreSQL, the key provider and the syslog relay`);
  }
  if (missing.length > 0) {
    fail(`NetworkPolicy/palisade: egress does not allow ${missing.join(", ")}`);
  }
  const ingressPorts = (policy.spec.ingress ?? []).flatMap((r) => (r.ports ?? []).map((p) => p.port));
  for (const port of new Set([API_PORT, metricsPort])) {
    if (!ingressPorts.includes(port)) {
      fail(`NetworkPolicy/palisade: ingress does not allow port ${port}`);
    }
  }
}

if (rule) {
  const expected = alertGroups().groups;
  if (!isDeepStrictEqual(rule.spec?.groups, expected)) {
    fail("PrometheusRule/palisade: its groups differ from docs/alerts: run node deploy/checks/prometheus-rule.mjs --write");
  }
}

if (problems.length > 0) {
  problems.forEach((p) => console.log(p));
  process.exit(1);
}
console.log(`ok: ${objects.length} objects`);
