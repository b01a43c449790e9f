// The console as a user meets it. Each scenario signs in through the form, looks only at what the
// page shows (text, URL, downloads) and throws on the first thing that is not as it should be.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export async function hydrated(page) {
  await page.waitForSelector("html[data-hydrated='true']");
}

export async function open(page, env, path) {
  await page.goto(env.base + path);
  await hydrated(page);
}

export async function signIn(page, env, next) {
  await page.goto(env.base + (next ?? "/console"));
  await page.waitForURL(/\/console\/sign-in/);
  await hydrated(page);
  await page.fill("input[name=email]", env.email);
  await page.fill("input[name=password]", env.password);
  if (env.org) await page.fill("input[name=org]", env.org);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/console/sign-in")), page.click("button[type=submit]")]);
  await hydrated(page);
}

export async function axe(page, label) {
  await page.evaluate(AXE + ";0");
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `${label}: accessibility violations ${JSON.stringify(bad)}`);
  return result.length;
}

export async function shoot(page, env, name, fullPage = true) {
  if (!env.shots) return;
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(env.shots, `${name}-${scheme}.png`), fullPage });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Clicks, then waits for the page to reload after the action; a problem shown instead fails. */
export async function reloads(page, click) {
  const outcome = await Promise.race([
    page.waitForEvent("load").then(() => null),
    click().then(() => page.locator(".problem").first().waitFor()).then(() => page.locator(".problem").first().textContent()),
  ]);
  if (outcome) throw new Error(`the action was refused: ${outcome}`);
  await hydrated(page);
}

const rows = (page) => page.locator("main table.list tbody tr");

export const scenarios = {
  /** Sign-in through the form, redirect back to the page asked for, the cookie out of reach. */
  async signIn({ page, context, env }) {
    const asked = "/console/system/jobs?job=key-provider-verification";
    await page.goto(env.base + asked);
    await page.waitForURL(/\/console\/sign-in\?next=/);
    await hydrated(page);
    await axe(page, "sign-in");
    await shoot(page, env, "sign-in");
    await page.fill("input[name=email]", env.email);
    await page.fill("input[name=password]", "not the password at all");
    await page.click("button[type=submit]");
    await page.waitForSelector(".problem");
    const refused = await page.textContent(".problem");
    check(/invalid|credential/i.test(refused), `wrong password shows the problem: ${refused}`);
    await page.fill("input[name=password]", env.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/console/system/jobs"), page.click("button[type=submit]")]);
    await hydrated(page);
    check(new URL(page.url()).search === "?job=key-provider-verification", `back to the page asked for: ${page.url()}`);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "palisade_session");
    check(session && session.httpOnly && session.sameSite === "Strict", `session cookie HttpOnly, SameSite=Strict: ${JSON.stringify(session && { ...session, value: "…" })}`);
    const visible = await page.evaluate(() => document.cookie + "|" + JSON.stringify(window.localStorage) + "|" + document.documentElement.outerHTML);
    check(!visible.includes(session.value.split("~")[1]), "the token is not readable by scripts nor in the page");
    await page.click(".sign-out button");
    await page.waitForURL(/\/console\/sign-in/);
    await page.goto(env.base + "/console/system/operations");
    await page.waitForURL(/\/console\/sign-in\?next=/);
    return { signedOut: true };
  },

  /** Every page renders the seeded data, passes axe, and is photographed light and dark. */
  async pages({ page, env }) {
    await signIn(page, env);
    const seen = {};
    for (const [path, spec] of Object.entries(env.expect.pages)) {
      await open(page, env, path);
      const text = await page.textContent("main");
      for (const t of spec.texts) check(text.includes(t), `${path} shows "${t}"`);
      seen[path] = await axe(page, path);
      await shoot(page, env, spec.shot);
    }
    return { pages: Object.keys(seen).length, minorViolations: seen };
  },

  /** The Audit Log's filters go into the URL and change the rows; sorting reverses them. */
  async filters({ page, env }) {
    const path = `/console/orgs/${env.expect.org}/audit`;
    await signIn(page, env, path);
    await page.fill("input[name=action]", "member.");
    await Promise.all([page.waitForURL(/action=member\./), page.click(".filters button[type=submit]")]);
    await hydrated(page);
    const actions = await page.locator("main table.list tbody tr td:nth-child(4)").allTextContents();
    check(actions.length > 0 && actions.every((a) => a.startsWith("member.")), `only member.* rows: ${actions}`);
    await page.selectOption("select[name=sort]", "oldest");
    await Promise.all([page.waitForURL(/sort=oldest/), page.click(".filters button[type=submit]")]);
    await hydrated(page);
    const seqs = (await page.locator("main table.list tbody tr td:first-child").allTextContents()).map(Number);
    check(seqs.length === actions.length, "same rows sorted");
    check(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), `oldest first: ${seqs}`);
    const url = new URL(page.url());
    check(url.searchParams.get("action") === "member." && url.searchParams.get("sort") === "oldest", `filters in the URL: ${url}`);
    // the link reproduces the view
    await open(page, env, url.pathname + url.search);
    const again = (await page.locator("main table.list tbody tr td:first-child").allTextContents()).map(Number);
    check(JSON.stringify(again) === JSON.stringify(seqs), "a link reproduces the view");
    return { url: url.pathname + url.search, sequences: seqs };
  },

  /** Opening the role change shows the before/after diff and the raw JSON; the reason is text. */
  async drawer({ page, env }) {
    await signIn(page, env, `/console/orgs/${env.expect.org}/audit?action=role.changed`);
    await Promise.all([page.waitForURL(/entry=/), page.locator("main table.list tbody tr").first().locator("a").first().click()]);
    await hydrated(page);
    await page.waitForSelector("aside.drawer table.diff");
    const diff = await page.locator("aside.drawer table.diff tbody tr").first().allTextContents();
    const cells = await page.locator("aside.drawer table.diff tbody tr").first().locator("th, td").allTextContents();
    check(cells[0] === "role" && cells[1] === "auditor" && cells[2] === "admin", `diff role auditor -> admin: ${cells}`);
    const reason = await page.textContent("aside.drawer .reason");
    check(reason === env.expect.reason, `reason shown as text: ${reason}`);
    const scripts = await page.evaluate(() => document.scripts.length);
    const injected = await page.evaluate(() => window.__xss);
    check(scripts === 2 && injected === undefined, `no script from the reason ran (${scripts} scripts, __xss=${injected})`);
    await page.click("aside.drawer summary");
    const raw = await page.textContent("aside.drawer details pre");
    check(raw.includes('"sealedMetadata"') && raw.includes('"before"'), "raw JSON shown");
    await axe(page, "drawer");
    await shoot(page, env, "audit-drawer", false);
    return { diff };
  },

  /** Export downloads exactly the rows of the current filter, as CSV and as NDJSON. */
  async exportRows({ page, env }) {
    await signIn(page, env, `/console/orgs/${env.expect.org}/audit?action=member.`);
    const out = {};
    for (const format of ["csv", "ndjson"]) {
      await page.selectOption("select[name=format]", format);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(".export button[type=submit]")]);
      const file = join(env.downloads, `export.${format}`);
      await download.saveAs(file);
      const text = readFileSync(file, "utf8").trim().split("\n");
      if (format === "csv") {
        const header = text[0].split(",");
        const id = header.indexOf("id");
        // every value is quoted (RFC 4180); ids hold neither commas nor quotes
        out.csv = text.slice(1).map((l) => l.split(",")[id].replace(/^"(.*)"$/, "$1"));
      } else {
        // entries, then one line carrying the export checkpoint signed over them
        const lines = text.map((l) => JSON.parse(l));
        const last = lines.pop();
        check(last && last.exportCheckpoint && last.exportCheckpoint.signature, "the export ends with its signed checkpoint");
        out.ndjson = lines.map((l) => l.id);
      }
      out[`${format}Name`] = download.suggestedFilename();
    }
    return out;
  },

  /** j/k move through the rows, Enter opens one, ? shows the keys, Escape closes. */
  async keyboard({ page, env }) {
    const path = `/console/orgs/${env.expect.org}/audit`;
    await signIn(page, env, path);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    const current = await page.locator("main table.list tbody tr.current").count();
    const index = await page.evaluate(() => Array.from(document.querySelectorAll("main table.list tbody tr")).findIndex((r) => r.classList.contains("current")));
    check(current === 1 && index === 0, `one current row, the first (${current}, ${index})`);
    const first = await rows(page).first().locator("a").first().getAttribute("href");
    await Promise.all([page.waitForURL(/entry=/), page.keyboard.press("Enter")]);
    await hydrated(page);
    check(page.url().endsWith(first.split("?")[1]) || page.url().includes(new URL(env.base + first).searchParams.get("entry")), "Enter opened the current row");
    await page.keyboard.press("?");
    await page.waitForSelector("[role=dialog]");
    await shoot(page, env, "keyboard-help", false);
    await page.keyboard.press("Escape");
    await page.waitForSelector("[role=dialog]", { state: "detached" });
    await Promise.all([page.waitForURL((u) => !u.searchParams.has("entry")), page.keyboard.press("Escape")]);
    return { opened: first };
  },

  /** Verify shows the chain's state as the API reports it. */
  async verify({ page, env }) {
    await signIn(page, env, `/console/orgs/${env.expect.verifyOrg}/audit`);
    await page.click("button:has-text('Verify chain')");
    const box = page.locator(".verify");
    await box.waitFor();
    const text = (await box.textContent()).replace(/\s+/g, " ");
    await shoot(page, env, `verify-${env.expect.verifyShot}`);
    return { text };
  },

  /** A state-changing request from the page without the token, or with a wrong one, is refused. */
  async csrf({ page, env }) {
    await signIn(page, env, `/console/orgs/${env.expect.org}/keys`);
    return await page.evaluate(async (org) => {
      const url = `/console/orgs/${org}/keys/rotate`;
      const none = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      const wrong = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "A".repeat(43) }, body: "{}" });
      return {
        none: { status: none.status, type: none.headers.get("content-type"), body: await none.json() },
        wrong: { status: wrong.status, type: wrong.headers.get("content-type"), body: await wrong.json() },
      };
    }, env.expect.org);
  },

  /** The actions of the pages: run a job, verify and rotate keys, invite, change a role, settings. */
  async actions({ page, env }) {
    const org = env.expect.org;
    await signIn(page, env, "/console/system/operations");
    const job = page.locator("tr", { hasText: "key-provider-verification" });
    await job.locator("button:has-text('Run now')").click();
    await job.locator(".action-result .badge").waitFor();
    const run = await job.locator(".action-result").textContent();

    await open(page, env, `/console/orgs/${org}/keys`);
    const versions = await rows(page).count();
    await page.click("button:has-text('Verify now')");
    await page.locator(".action-result [role=status]").waitFor();
    const verified = await page.textContent(".action-result [role=status]");
    await reloads(page, () => page.click("button:has-text('Rotate')"));
    const rotated = await rows(page).count();
    check(rotated === versions + 1, `rotation adds a version (${versions} -> ${rotated})`);

    await open(page, env, `/console/orgs/${org}/members`);
    await page.fill("#invite-h ~ form input[name=email]", "dana@example.com");
    await page.selectOption("#invite-h ~ form select[name=role]", "auditor");
    await page.click("#invite-h ~ form button[type=submit]");
    await page.waitForSelector(".one-time .token");
    const token = await page.textContent(".one-time .token");
    check(token.startsWith("inv_"), "the invitation token is shown");
    await shoot(page, env, "members-invited");
    await open(page, env, `/console/orgs/${org}/members`);
    const html = await page.content();
    check(!html.includes(token), "the token is shown only once");

    const carol = page.locator("table[aria-label=Members] tr", { hasText: env.expect.member });
    await carol.locator("select[name=role]").selectOption("auditor");
    const required = await carol.locator("form.role-change input[name=reason]").evaluate((i) => i.required && !i.checkValidity());
    check(required, "a role change asks for a reason");
    await carol.locator("form.role-change input[name=reason]").fill("moved to compliance");
    await reloads(page, () => carol.locator("button:has-text('Change role')").click());
    const role = await page.locator("table[aria-label=Members] tr", { hasText: env.expect.member }).locator("td").nth(1).textContent();
    check(role === "auditor", `role changed: ${role}`);
    await reloads(page, () => page.locator("table[aria-label=Members] tr", { hasText: env.expect.member }).locator("button:has-text('Deactivate')").click());
    check((await page.locator("table[aria-label=Members] tr", { hasText: env.expect.member }).textContent()).includes("deactivated"), "deactivated");
    await reloads(page, () => page.locator("table[aria-label=Members] tr", { hasText: env.expect.member }).locator("button:has-text('Reactivate')").click());
    check((await page.locator("table[aria-label=Members] tr", { hasText: env.expect.member }).textContent()).includes("active"), "reactivated");

    await open(page, env, `/console/orgs/${org}/settings`);
    await page.fill("input[name=name]", "Acme Renamed");
    await reloads(page, () => page.click("form[aria-label='Organization settings'] button[type=submit]"));
    check((await page.textContent("h1")).includes("Acme Renamed"), "settings saved");
    return { run, verified, rotated };
  },
};
