// The console's identity pages as a user meets them: the second step of sign-in, sign-out, the
// account page (enrolment, recovery codes, password), the pages used with a one-time token, and
// the identity actions of the members and install admins pages. TOTP codes come from Debian's
// oathtool at the server's own (test) clock, which the test reads and moves through env.ask.
import { execFileSync } from "node:child_process";
import { axe, check, hydrated, open, reloads, shoot } from "./scenarios.mjs";

/** oathtool's 6-digit SHA-1 TOTP code of a Base32 secret at epoch second `at`. */
export function oathtool(secret, at) {
  return execFileSync("oathtool", ["--totp", "-b", secret, "-N", `@${at}`], { encoding: "ascii" }).trim();
}

/** The server's clock, in epoch seconds; `advance` moves it forward first. */
async function serverTime(env, advance = 0) {
  return Number(await env.ask(advance ? `advance ${advance}` : "now"));
}

async function passwordStep(page, env, who) {
  await page.goto(env.base + "/console/sign-in");
  await hydrated(page);
  await page.fill("input[name=email]", who.email);
  await page.fill("input[name=password]", who.password);
  await page.fill("input[name=org]", who.org ?? "");
}

async function signInAs(page, env, who, expectPath) {
  await passwordStep(page, env, who);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/console/sign-in")), page.click("button[type=submit]")]);
  await hydrated(page);
  if (expectPath) check(new URL(page.url()).pathname === expectPath, `signed in to ${expectPath}: ${page.url()}`);
}

async function signOut(page) {
  await Promise.all([page.waitForURL(/\/console\/sign-in/), page.click(".sign-out button")]);
  await hydrated(page);
}

async function problemText(page, scope = page) {
  const p = scope.locator(".problem").first();
  await p.waitFor();
  return (await p.textContent()).replace(/\s+/g, " ");
}

/** Fills and submits the reason form of one action in a row; answers the row. */
async function reasonAction(page, rowText, label, reason) {
  const row = page.locator("main table.list tbody tr", { hasText: rowText });
  const details = row.locator("details.identity");
  if ((await details.count()) && label !== "Deactivate" && label !== "Reactivate") {
    if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
  }
  const form = row.locator(`form[aria-label^='${label}:']`);
  await form.locator("input[name=reason]").fill(reason);
  await form.locator("button[type=submit]").click();
  return form;
}

async function sessionToken(context) {
  const c = (await context.cookies()).find((x) => x.name === "palisade_session");
  return c ? c.value.split("~")[1] : null;
}

export const identity = {
  /** Password, then the code; a wrong code shows the problem; sign-out revokes; late codes restart. */
  async mfaSignIn({ page, context, env }) {
    const who = env.expect.mfaMember;
    await passwordStep(page, env, who);
    await page.click("button[type=submit]");
    await page.waitForSelector("input[name=code]");
    check((await page.locator("input[name=password]").count()) === 0, "the second form asks for the code only");
    const cookies = await context.cookies();
    const pending = cookies.find((c) => c.name === "palisade_mfa");
    check(pending && pending.httpOnly && pending.sameSite === "Strict", "the challenge is in an HttpOnly, SameSite=Strict cookie");
    const visible = await page.evaluate(() => document.cookie + "|" + JSON.stringify(window.localStorage) + "|" + JSON.stringify(window.sessionStorage) + "|" + document.documentElement.outerHTML);
    check(!visible.includes(pending.value.split("~")[2]), "the challenge is neither readable by scripts nor in the page");
    await axe(page, "sign-in code step");
    await shoot(page, env, "sign-in-mfa");

    let now = await serverTime(env);
    const right = oathtool(who.secret, now);
    const wrong = right === "000000" ? "111111" : "000000";
    await page.fill("input[name=code]", wrong);
    await page.click("button[type=submit]");
    const refused = await problemText(page);
    check(/invalid|credential/i.test(refused), `a wrong code shows the problem: ${refused}`);
    check((await page.locator("input[name=code]").count()) === 1, "a wrong code stays on the code step");

    now = await serverTime(env);
    await page.fill("input[name=code]", oathtool(who.secret, now));
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/console/sign-in")), page.click("button[type=submit]")]);
    await hydrated(page);
    const landed = new URL(page.url()).pathname;
    check(!(await context.cookies()).some((c) => c.name === "palisade_mfa" && c.value), "the challenge cookie is gone once signed in");
    const token = await sessionToken(context);
    check(token, "signed in with a session");
    await signOut(page);
    check(!(await sessionToken(context)), "the session cookie is cleared");

    // a code entered after the challenge's five minutes goes back to the password
    await passwordStep(page, env, who);
    await page.click("button[type=submit]");
    await page.waitForSelector("input[name=code]");
    now = await serverTime(env, 301);
    await page.fill("input[name=code]", oathtool(who.secret, now));
    await page.click("button[type=submit]");
    await page.waitForSelector("input[name=password]");
    const expired = await problemText(page);
    check(/expired/i.test(expired), `an expired challenge shows why: ${expired}`);
    check((await page.locator("input[name=code]").count()) === 0, "back at the password step");
    return { landed, revokedToken: token, expired };
  },

  /** An admin revokes an invitation, resets a second factor, issues a password reset, requires MFA. */
  async adminIdentity({ page, env }) {
    const x = env.expect;
    await signInAs(page, env, x.admin);
    await open(page, env, `/console/orgs/${x.org}/members`);
    const ivy = page.locator("section[aria-labelledby=invitations-h] tr", { hasText: x.revokeInvitation });
    check((await ivy.textContent()).includes("pending"), "the invitation is pending");
    await reloads(page, () => ivy.locator("button:has-text('Revoke')").click());
    const after = await page.locator("section[aria-labelledby=invitations-h] tr", { hasText: x.revokeInvitation }).textContent();
    check(after.includes("revoked") && !after.includes("Revoke"), `the invitation is revoked: ${after}`);

    await reasonAction(page, x.mfaMember.email, "Reset MFA", "lost the phone");
    await page.locator("main tr", { hasText: x.mfaMember.email }).locator("[role=status]").waitFor();
    const form = await reasonAction(page, x.resetMember, "Issue password reset", "forgot it, asked by phone");
    await form.locator(".one-time .token").waitFor();
    const token = (await form.locator(".one-time .token").textContent()).trim();
    check(token.startsWith("pwr_"), `the reset token is shown: ${token.slice(0, 4)}…`);
    await axe(page, "members");
    await shoot(page, env, "members-identity");
    await open(page, env, `/console/orgs/${x.org}/members`);
    check(!(await page.content()).includes(token), "the reset token is shown only once");

    await open(page, env, `/console/orgs/${x.org}/settings`);
    await page.check("input[name=requireMfa]");
    await reloads(page, () => page.click("form[aria-label='Organization settings'] button[type=submit]"));
    check(await page.isChecked("input[name=requireMfa]"), "Require MFA is saved");
    await shoot(page, env, "settings-require-mfa");
    await signOut(page);

    await open(page, env, "/console/password-reset");
    await axe(page, "password reset");
    await page.fill("input[name=token]", token);
    await page.fill("input[name=password]", x.newPassword);
    await page.fill("input[name=repeat]", x.newPassword);
    await shoot(page, env, "password-reset");
    await page.click("button[type=submit]");
    await page.waitForSelector(".done[role=status]");
    const reset = await page.textContent(".done");

    // the same token a second time: refused, and the page shows the problem
    await open(page, env, "/console/password-reset");
    await page.fill("input[name=token]", token);
    await page.fill("input[name=password]", x.newPassword);
    await page.fill("input[name=repeat]", x.newPassword);
    await page.click("button[type=submit]");
    const reused = await problemText(page);
    check(/reset token|invalid/i.test(reused), `a used token is refused: ${reused}`);

    await open(page, env, "/console/invitation");
    await axe(page, "member invitation");
    await page.fill("input[name=token]", x.memberInvitation);
    await page.fill("input[name=password]", x.newPassword);
    await page.fill("input[name=repeat]", x.newPassword);
    await page.click("button[type=submit]");
    await page.waitForSelector(".done[role=status]");
    const joined = await page.textContent(".done");
    return { reset, reused, joined };
  },

  /** A member of an organization that requires MFA is sent to enrol, enrols, and changes password. */
  async enrolment({ page, context, env }) {
    const x = env.expect;
    const who = x.enrolMember;
    await signInAs(page, env, who, "/console/account");
    check(new URL(page.url()).searchParams.get("enroll") === "required", "sent to enrol");
    const notice = await page.textContent(".notice");
    check(/requires a second factor/.test(notice), `the page says why: ${notice}`);
    await page.goto(env.base + `/console/orgs/${x.org}/settings`);
    await page.waitForURL(/\/console\/account\?enroll=required/);
    await hydrated(page);
    await axe(page, "account, enrolment required");
    await shoot(page, env, "account-required");

    await page.click("button:has-text('Set up an authenticator app')");
    const shown = page.locator("code.secret");
    await shown.waitFor();
    const secret = await shown.getAttribute("data-secret");
    const groupedOk = (await shown.textContent()) === secret.match(/.{1,4}/g).join(" ");
    const uri = await page.getAttribute("a[href^='otpauth://']", "href");
    check(uri.includes(`secret=${secret}`), "the otpauth link carries the secret");
    await shoot(page, env, "account-enrol");
    let now = await serverTime(env);
    await page.fill("form[aria-label='Confirm the second factor'] input[name=code]", oathtool(secret, now));
    await page.click("form[aria-label='Confirm the second factor'] button[type=submit]");
    await page.waitForSelector("ol.codes");
    const codes = await page.locator("ol.codes code").allTextContents();
    check(codes.length === 10, `ten recovery codes: ${codes.length}`);
    const warning = await page.textContent(".one-time");
    check(/shown only this once/.test(warning), "the codes come with a warning");
    await axe(page, "recovery codes");
    await shoot(page, env, "account-recovery-codes");

    await open(page, env, `/console/orgs/${x.org}/settings`);
    check(new URL(page.url()).pathname.endsWith("/settings"), `the other pages open once enrolled: ${page.url()}`);

    await open(page, env, "/console/account");
    check((await page.textContent("section[aria-labelledby=mfa-h]")).includes("active"), "the second factor is active");
    now = await serverTime(env, 30);
    await page.fill("form[aria-label='Turn off the second factor'] input[name=code]", oathtool(secret, now));
    await page.click("form[aria-label='Turn off the second factor'] button[type=submit]");
    const refused = await problemText(page, page.locator("section[aria-labelledby=mfa-h]"));

    const before = await sessionToken(context);
    const f = page.locator("form[aria-label='Change password']");
    await f.locator("input[name=currentPassword]").fill(who.password);
    await f.locator("input[name=newPassword]").fill(x.newPassword);
    await f.locator("input[name=repeat]").fill(x.newPassword + "x");
    await f.locator("button[type=submit]").click();
    const differ = await problemText(page, page.locator("section[aria-labelledby=password-h]"));
    await f.locator("input[name=repeat]").fill(x.newPassword);
    await f.locator("button[type=submit]").click();
    await page.waitForSelector(".done[role=status]");
    const after = await sessionToken(context);
    check(after && after !== before, "the session cookie holds the fresh token");
    await open(page, env, "/console/account");
    check(new URL(page.url()).pathname === "/console/account", "still signed in after the change");
    await axe(page, "account");
    await shoot(page, env, "account");
    return { codes, groupedOk, refused, differ, oldToken: before, recovery: codes[0] };
  },

  /** Invite an install admin, who accepts on the page; deactivate, reactivate; the last one stays. */
  async installAdmins({ page, env }) {
    const x = env.expect;
    await signInAs(page, env, x.admin);
    await open(page, env, "/console/system/admins");
    await axe(page, "admins");
    await page.fill("#invite-admin-h ~ form input[name=email]", x.newAdmin.email);
    await page.click("#invite-admin-h ~ form button[type=submit]");
    await page.waitForSelector(".one-time .token");
    const token = (await page.textContent(".one-time .token")).trim();
    check(token.startsWith("adm_"), "the invitation token is shown");
    await shoot(page, env, "admins-invited");
    await signOut(page);

    await open(page, env, "/console/install-admin-invitation");
    await axe(page, "install admin invitation");
    await page.fill("input[name=token]", token);
    await page.fill("input[name=password]", x.newAdmin.password);
    await page.fill("input[name=repeat]", x.newAdmin.password);
    await shoot(page, env, "install-admin-invitation");
    await page.click("button[type=submit]");
    await page.waitForSelector(".done[role=status]");
    await signInAs(page, env, x.newAdmin, "/console/system/operations");
    await signOut(page);

    await signInAs(page, env, x.admin);
    await open(page, env, "/console/system/admins");
    await reloads(page, () => reasonAction(page, x.newAdmin.email, "Deactivate", "left the team"));
    check((await page.locator("main tr", { hasText: x.newAdmin.email }).textContent()).includes("deactivated"), "deactivated");
    await reloads(page, () => reasonAction(page, x.newAdmin.email, "Reactivate", "came back"));
    check((await page.locator("main tr", { hasText: x.newAdmin.email }).textContent()).includes("active"), "reactivated");
    await reloads(page, () => reasonAction(page, x.newAdmin.email, "Deactivate", "left again"));
    await reasonAction(page, x.admin.email, "Deactivate", "trying to leave no admin");
    const last = await problemText(page, page.locator("main tr", { hasText: x.admin.email }));
    await reasonAction(page, x.newAdmin.email, "Issue password reset", "a new laptop");
    const reset = page.locator("main tr", { hasText: x.newAdmin.email }).locator(".one-time .token");
    await reset.waitFor();
    check((await reset.textContent()).startsWith("pwi_"), "an install admin's reset token is shown");
    await shoot(page, env, "admins");
    return { last };
  },
};
