// Runs one browser scenario of the console against a running server, with Debian's Chromium
// driven by playwright-core. Usage: node run.mjs <scenario>; settings come from CONSOLE_* variables.
// Prints one JSON line with what the scenario observed; exits non-zero (with the reason on stderr)
// when a check fails.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { scenarios as pages } from "./scenarios.mjs";
import { identity } from "./identity.mjs";
import { operator } from "./operator.mjs";

const scenarios = { ...pages, ...identity, ...operator };

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const name = process.argv[2];
const scenario = scenarios[name];
if (!scenario) {
  console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
const env = {
  base: process.env.CONSOLE_BASE,
  email: process.env.CONSOLE_EMAIL,
  password: process.env.CONSOLE_PASSWORD,
  org: process.env.CONSOLE_ORG ?? "",
  shots: process.env.CONSOLE_SHOTS,
  downloads: process.env.CONSOLE_DOWNLOADS,
  expect: JSON.parse(process.env.CONSOLE_EXPECT ?? "{}"),
  ask,
};

// Asks the test that runs this scenario for something only it can do (read or move the server's
// test clock): one "@@" line on stdout, one answer line on stdin.
const answers = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function ask(question) {
  process.stdout.write(`@@${question}\n`);
  const { value, done } = await answers.next();
  if (done) throw new Error(`no answer to ${question}`);
  return value;
}
const profile = mkdtempSync(join(tmpdir(), "palisade-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: FLAGS, // the profile directory above is passed as --user-data-dir
  acceptDownloads: true,
  viewport: { width: 1360, height: 900 },
  timezoneId: "Europe/Paris",
});
context.setDefaultTimeout(20000);
const problems = [];
context.on("page", (p) => watch(p));
function watch(p) {
  p.on("console", (m) => {
    // a refused request is reported by the browser as a failed resource; the scenarios check
    // those answers themselves. Anything else (a CSP violation, a React error) fails the run.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console error on ${p.url()}: ${m.text()}`);
  });
  p.on("pageerror", (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
}
const page = context.pages()[0] ?? (await context.newPage());
watch(page);
let code = 0;
try {
  const result = await scenario({ page, context, env, problems });
  if (problems.length) throw new Error(problems.join("\n"));
  process.stdout.write(JSON.stringify(result ?? {}) + "\n");
} catch (e) {
  console.error(`${name} failed: ${e && e.stack ? e.stack : e}`);
  code = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdin.destroy();
process.exit(code);
