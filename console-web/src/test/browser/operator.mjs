// The operator pages: an organization's storage, the install's backups and syslog forwarding.
// Each scenario signs in through the form and checks only what the page shows.
import { axe, check, hydrated, open, reloads, shoot, signIn } from "./scenarios.mjs";

const main = (page) => page.locator("main");

/** Presses j until the current row holds a link matching `selector`; fails after `max` rows. */
async function moveTo(page, selector, max = 12) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("j");
    if ((await page.locator(`main [data-row].current ${selector}`).count()) > 0) return;
  }
  throw new Error(`j never reached a row with ${selector}`);
}

/** A state-changing console request without the CSRF token: the answer the browser gets. */
async function withoutCsrf(page, url) {
  return page.evaluate(async (u) => {
    const r = await fetch(u, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}", credentials: "same-origin", referrerPolicy: "same-origin" });
    return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
  }, url);
}

export const operator = {
  /**
   * An install admin adds a dedicated directory (its name is markup, shown as text), activates it,
   * which starts a migration run, moves to the run with the keyboard, filters the runs through the
   * address, and cancels the run; a request without the CSRF token is refused.
   */
  async storage({ page, env }) {
    const { org, path, files } = env.expect.storage;
    const base = `/console/orgs/${org}/storage`;
    await signIn(page, env, base);
    check(new URL(page.url()).pathname === base, `landed on ${page.url()}`);
    const active = await page.textContent("section[aria-labelledby=active-h]");
    check(/bundled/.test(active) && /passed|never validated/.test(active), `the bundled binding is active: ${active}`);
    check((await page.locator("nav.side >> text=not available yet").count()) === 0, "no entry is marked not available");
    check((await page.locator("nav.side a[aria-current=page]").textContent()) === "Storage", "Storage is the current page");

    await page.fill("form[aria-label='Add a storage binding'] input[name=path]", path);
    await page.click("form[aria-label='Add a storage binding'] button[type=submit]");
    await page.waitForSelector("section[aria-labelledby=add-h] .done");
    const added = await page.textContent("section[aria-labelledby=add-h] .done");
    check(/local_filesystem_dedicated/.test(added) && /passed/.test(added), `the new binding validated: ${added}`);
    await reloads(page, () => page.click("text=Show it in the list"));
    const others = await page.textContent("table[aria-label='Other bindings']");
    check(others.includes(path), `the directory's name is shown as text: ${others}`);
    check((await page.locator("main img").count()) === 0, "the markup in the directory's name did not become an element");

    const refused = await withoutCsrf(page, `${base}/migrations/00000000-0000-0000-0000-000000000000/cancel`);
    check(refused.status === 403 && /problem\+json/.test(refused.type ?? ""), `a request without the CSRF token is refused: ${JSON.stringify(refused)}`);

    const row = page.locator("table[aria-label='Other bindings'] tbody tr", { hasText: path });
    await row.locator("input[name=reason]").fill("files to the dedicated disk");
    await reloads(page, () => row.locator("button", { hasText: "Activate" }).click());
    const nowActive = await page.textContent("section[aria-labelledby=active-h]");
    check(/local_filesystem_dedicated/.test(nowActive), `the directory is active: ${nowActive}`);
    const runs = page.locator("table[aria-label='Migration runs'] tbody tr");
    check((await runs.count()) === 1, `one migration run: ${await runs.count()}`);
    const run = await runs.first().textContent();
    check(/pending|running/.test(run) && run.includes(`0/${files}`), `the run waits with its progress: ${run}`);
    await axe(page, "storage");
    await shoot(page, env, "storage");

    await moveTo(page, "a[href*='run=']");
    await Promise.all([page.waitForURL(/run=/), page.keyboard.press("Enter")]);
    await hydrated(page);
    const drawer = await page.textContent("aside.drawer");
    check(/bundled/.test(drawer) && /local_filesystem_dedicated/.test(drawer) && drawer.includes(`${files} total`), `the run's drawer: ${drawer}`);
    await axe(page, "storage run");
    await shoot(page, env, "storage-run", false);
    await Promise.all([page.waitForURL((u) => !u.search.includes("run=")), page.keyboard.press("Escape")]);
    await hydrated(page);

    await page.selectOption("form[aria-label='Filter migration runs'] select[name=state]", "completed");
    await Promise.all([page.waitForURL(/state=completed/), page.click("form[aria-label='Filter migration runs'] button[type=submit]")]);
    await hydrated(page);
    check((await runs.count()) === 0 && /No completed migration run/.test(await main(page).textContent()), "the filter in the address selects no completed run");
    await open(page, env, `${base}?state=pending`);
    check((await runs.count()) === 1, "the link with state=pending shows the pending run");

    await reloads(page, () => runs.first().locator("button", { hasText: "Cancel" }).click());
    check((await runs.count()) === 0, "the cancelled run is no longer among the pending ones");
    await open(page, env, base);
    const after = await runs.first().textContent();
    check(/cancelled/.test(after), `the run is cancelled: ${after}`);

    await page.goto(env.base + `${base}?run=not-a-run`);
    await hydrated(page);
    const problem = await page.textContent(".problem");
    check(/run/.test(problem) && /migration run id/.test(problem) && /Request id/.test(problem), `a bad run id shows the problem: ${problem}`);
    return { active: "local_filesystem_dedicated" };
  },

  /** An auditor reads the storage page but is offered no action. */
  async storageReadOnly({ page, env }) {
    const base = `/console/orgs/${env.expect.storage.org}/storage`;
    await signIn(page, env, base);
    check(new URL(page.url()).pathname === base, `landed on ${page.url()}`);
    check(/local_filesystem_dedicated/.test(await page.textContent("section[aria-labelledby=active-h]")), "the active binding is shown");
    check((await page.locator("main button").count()) === 1, `only the filter button is offered: ${await page.locator("main button").allTextContents()}`);
    check(/settings:manage/.test(await main(page).textContent()), "the page says which permission the actions need");
    check((await page.locator("nav.side a", { hasText: "Syslog" }).count()) === 0, "an auditor is not offered the syslog page");
    check((await page.locator("nav.side a", { hasText: "Key management" }).count()) === 0, "an auditor is not offered key management");
    await axe(page, "storage read-only");
    const syslog = await page.goto(env.base + `/console/orgs/${env.expect.storage.org}/syslog`);
    await hydrated(page);
    const refused = await page.textContent(".problem");
    check(syslog.status() === 403 && /settings:manage/.test(refused) && /Request id/.test(refused), `the syslog page shows the API's refusal: ${syslog.status()} ${refused}`);
    return {};
  },

  /**
   * An install admin starts a backup from the page, sees it complete, opens it with the keyboard,
   * and tests a restore: the API answers 202 and the page reads the validation until it passed.
   */
  async backups({ page, env }) {
    const base = "/console/system/backups";
    await signIn(page, env, base);
    check(new URL(page.url()).pathname === base, `landed on ${page.url()}`);
    check(/No backup yet/.test(await main(page).textContent()), "the empty state says how to get a backup");
    const findings = await page.textContent("section[aria-labelledby=plan-h]");
    check(/No findings|never been backed up|no backup|backup/i.test(findings), `the plan's findings are shown: ${findings}`);
    check((await page.locator("table[aria-label='Backup jobs'] tbody tr").count()) === 2, "both backup jobs are listed");

    await reloads(page, () => page.click("text=Run backup now"));
    const rows = page.locator("table[aria-label='Backup runs'] tbody tr");
    check(/running|completed/.test(await rows.first().textContent()), "the new backup is listed");
    // the backup runs in the server: the test waits until the API says it ended, then the page is read again
    await env.ask("backup ended");
    await open(page, env, base);
    const row = await rows.first().textContent();
    check(/completed/.test(row) && /manual/.test(row) && /not validated/.test(row), `the backup completed: ${row}`);
    check(/completed/.test(await page.textContent("section[aria-labelledby=status-h]")), "the status names the last backup");

    await moveTo(page, "a[href*='backup=']");
    await Promise.all([page.waitForURL(/backup=/), page.keyboard.press("Enter")]);
    await hydrated(page);
    const drawer = await page.textContent("aside.drawer");
    check(/palisade_org_/.test(drawer) || /tenant/.test(drawer), `the drawer lists the databases: ${drawer}`);
    check(/Never validated/.test(drawer), "the drawer says the backup was never validated");
    await Promise.all([page.waitForURL((u) => !u.search.includes("backup=")), page.keyboard.press("Escape")]);
    await hydrated(page);

    await rows.first().locator("button", { hasText: "Test restore" }).click();
    await page.waitForSelector("table[aria-label='Backup runs'] .verify-intact, table[aria-label='Backup runs'] .verify-broken, table[aria-label='Backup runs'] .problem", { timeout: 170000 });
    const result = await rows.first().locator(".action-result").textContent();
    check(/passed/.test(result) && /restored in/.test(result), `the test restore passed: ${result}`);
    await axe(page, "backups");
    await shoot(page, env, "backups");
    await open(page, env, base);
    check(/passed/.test(await rows.first().textContent()), "the list shows the validation");

    await page.goto(env.base + `${base}?backup=nope`);
    await hydrated(page);
    const problem = await page.textContent(".problem");
    check(/backup/.test(problem) && /Request id/.test(problem), `a bad backup id shows the problem: ${problem}`);
    return {};
  },

  /**
   * The install's destination set on the page to the real rsyslog relay, its app name markup shown
   * as text, and a test message whose nonce the relay received; an organization's destination
   * where nothing listens, whose test says it was refused.
   */
  async syslog({ page, env }) {
    const { port, appName, closedPort, org } = env.expect.syslog;
    const base = "/console/system/syslog";
    await signIn(page, env, base);
    check(new URL(page.url()).pathname === base, `landed on ${page.url()}`);
    check(/No destination yet/.test(await main(page).textContent()), "the empty state says nothing is forwarded");
    await axe(page, "syslog empty");
    const form = "form[aria-label='Syslog destination']";
    await page.fill(`${form} input[name=host]`, "127.0.0.1");
    await page.selectOption(`${form} select[name=transport]`, "tcp");
    await page.fill(`${form} input[name=port]`, String(port));
    await page.fill(`${form} input[name=appName]`, appName);
    await reloads(page, () => page.click(`${form} button[type=submit]`));
    const summary = await page.textContent(".settings-summary");
    check(summary.includes(`tcp://127.0.0.1:${port}`) && summary.includes(appName), `the destination is shown, its app name as text: ${summary}`);
    check((await page.locator("main b").count()) === 0, "the markup in the app name did not become an element");
    const state = await page.textContent("section[aria-labelledby=state-h]");
    check(/Lag/.test(state) && /sent/.test(state) && /Last error/.test(state), `the state and counters are shown: ${state}`);

    await page.click("text=Send test message");
    await page.waitForSelector(".toolbar .verify");
    const proven = await page.textContent(".toolbar .verify");
    check(/written, connection open/.test(proven), `the test says what it proved: ${proven}`);
    const nonce = await page.textContent(".toolbar .verify code.token-inline");
    // the forwarder delivers in the background: the test waits until the API says it did
    await env.ask("syslog delivered");
    await open(page, env, base);
    const delivered = await page.textContent("section[aria-labelledby=state-h]");
    check((await page.locator("section[aria-labelledby=state-h] .badge", { hasText: /^connected$/ }).count()) === 1, `the state says connected: ${delivered}`);
    check(!/none yet/.test(delivered), `the state shows the last delivery: ${delivered}`);
    await page.click("text=Send test message");
    await page.waitForSelector(".toolbar .verify");
    await axe(page, "syslog");
    await shoot(page, env, "syslog");

    const orgBase = `/console/orgs/${org}/syslog`;
    await open(page, env, orgBase);
    check((await page.locator("nav.side a[aria-current=page]").textContent()) === "Syslog", "the organization's Syslog page is current");
    await page.fill(`${form} input[name=host]`, "127.0.0.1");
    await page.selectOption(`${form} select[name=transport]`, "tcp");
    await page.fill(`${form} input[name=port]`, String(closedPort));
    await reloads(page, () => page.click(`${form} button[type=submit]`));
    await page.click("text=Send test message");
    await page.waitForSelector(".toolbar .verify");
    const refused = await page.textContent(".toolbar .verify");
    check(/Test failed/.test(refused) && /refused/.test(refused), `the test names why it failed: ${refused}`);
    await axe(page, "org syslog");
    await shoot(page, env, "org-syslog");

    await page.fill(`${form} input[name=port]`, "70000");
    await page.evaluate(() => document.querySelector("form[aria-label='Syslog destination']").setAttribute("novalidate", ""));
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector("section[aria-labelledby=dest-h] .problem");
    const bad = await page.textContent("section[aria-labelledby=dest-h] .problem");
    check(/port/.test(bad) && /Request id/.test(bad), `a bad port shows the API's problem naming the field: ${bad}`);
    return { nonce };
  },

  /**
   * An install admin adds the organization's own S3 bucket (s3proxy, checking signatures): with a
   * wrong secret the validation fails with the sanitized reason, with the right one it passes; the
   * page never shows either secret.
   */
  async storageS3({ page, env }) {
    const { org, endpoint, bucket, region, accessKeyId, secret, wrongSecret } = env.expect.s3;
    const base = `/console/orgs/${org}/storage`;
    await signIn(page, env, base);
    const form = "form[aria-label='Add a storage binding']";
    const add = async (secretAccessKey) => {
      await page.selectOption(`${form} select[name=type]`, "s3");
      await page.fill(`${form} input[name=bucket]`, bucket);
      await page.fill(`${form} input[name=region]`, region);
      await page.fill(`${form} input[name=endpoint]`, endpoint);
      await page.fill(`${form} input[name=prefix]`, "palisade/");
      await page.check(`${form} input[name=pathStyle]`);
      await page.fill(`${form} input[name=accessKeyId]`, accessKeyId);
      await page.fill(`${form} input[name=secretAccessKey]`, secretAccessKey);
      check((await page.getAttribute(`${form} input[name=secretAccessKey]`, "type")) === "password", "the secret is typed into a password field");
      await page.click(`${form} button[type=submit]`);
      await page.waitForSelector("section[aria-labelledby=add-h] .done");
      const said = await page.textContent("section[aria-labelledby=add-h] .done");
      await reloads(page, () => page.click("text=Show it in the list"));
      return said;
    };
    const failed = await add(wrongSecret);
    check(/s3/.test(failed) && /failed/.test(failed), `a wrong secret fails validation: ${failed}`);
    const row = await page.textContent("table[aria-label='Other bindings'] tbody tr:has-text('s3')");
    check(/SignatureDoesNotMatch/.test(row) && /HTTP 403/.test(row), `the row names the sanitized reason: ${row}`);
    const passed = await add(secret);
    check(/passed/.test(passed) && /can be activated/.test(passed), `the right secret passes: ${passed}`);
    const html = await page.content();
    check(!html.includes(secret) && !html.includes(wrongSecret), "neither secret is in the page");
    check(html.includes(bucket) && html.includes(endpoint), "the shown settings are in the page");
    await axe(page, "storage s3");
    return {};
  },
};
