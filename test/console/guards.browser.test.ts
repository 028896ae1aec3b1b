// The console's guards in real Chromium against the executable: another workspace's conversation is not
// found (page and API), a form on another site or port changes nothing (CSRF), and sign-in locks after
// five wrong passwords.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { denoEnv } from "../helpers/server";
import { run, serve } from "../runtime/neutral";
import { until } from "../widget/browser-kit";
import { adminGet, type Allowed, consoleFetch, consoleSuite, OWNER, SIGNED_OUT, T, watch } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();
let conversationId = "";
beforeAll(async () => {
  await t.start({ setup: true });
  conversationId = await (await visitor(t.server, { name: "Ada Lovelace" })).send("Hi! My order #4411 has not shipped yet.");
}, 180_000);
afterAll(() => t.stop(), T);

test("an operator of another workspace gets 'not found' for this workspace's conversation, by URL and by API", async () => {
  const { server, page, watched } = t;
  const made = await consoleFetch(page, "POST", "/api/admin/workspaces", { name: "Globex Support" });
  expect(made.status).toBe(201);
  const globex = made.json.workspace.id as string;
  await page.goto(`${server.url}/admin/team`);
  await page.selectOption(".ws-select", globex);
  await page.getByRole("link", { name: "Team" }).click();
  await page.getByRole("heading", { name: "Team" }).waitFor();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const invite = (await page.getByTestId("invite-url").textContent())!;
  expect(invite).toStartWith(`${server.url}/admin/invite/`);
  await page.selectOption(".ws-select", server.workspaceId);

  const context = await t.context();
  const other = await context.newPage();
  const otherWatch = watch(other, "Globex operator");
  await other.goto(invite);
  await other.getByRole("heading", { name: "Join Globex Support" }).waitFor();
  await other.fill('input[name="name"]', "Gus Globex");
  await other.fill('input[name="email"]', "gus@globex.test");
  await other.fill('input[name="password"]', "another long passphrase");
  await other.click('button[type="submit"]');
  await other.waitForURL(`${server.url}/admin/inbox`);
  await other.goto(`${server.url}/admin/inbox/${conversationId}`);
  await other.getByRole("heading", { name: "Conversation not found" }).waitFor();
  expect(await other.locator("body").textContent()).not.toContain("#4411");
  const api = await consoleFetch(other, "GET", `/api/admin/conversations/${conversationId}`);
  expect(api.status).toBe(404);
  expect(JSON.stringify(api.json)).not.toContain("#4411");
  expect((await consoleFetch(other, "POST", `/api/admin/conversations/${conversationId}/messages`, { body: "Hello from Globex" })).status).toBe(404);
  expect((await consoleFetch(other, "GET", `/api/admin/conversations?workspace=${server.workspaceId}`)).status).toBe(404);
  expect(JSON.stringify(await adminGet(server, `/api/admin/conversations/${conversationId}`))).not.toContain("Hello from Globex");
  expect(otherWatch.unexpected([SIGNED_OUT, [404, /\/api\/admin\/conversations\b/]])).toEqual([]);
  expect(watched.unexpected()).toEqual([]);
}, T);

test("a form on another site (or another port) posting to the console while signed in changes nothing", async () => {
  const { server, page } = t;
  // note: another port of 127.0.0.1 is the same site, so the SameSite=Lax cookie goes along; localhost is another site.
  const pages = new Map<string, string>();
  const sameSite = await serve((r) => new Response(pages.get(new URL(r.url).pathname) ?? "", { headers: { "content-type": "text/html" } }));
  const attacks = [
    ["sign the owner out", "/api/console/logout", "application/x-www-form-urlencoded", '<input name="x" value="1">'],
    ["close a conversation", `/api/admin/conversations/${conversationId}/close`, "application/x-www-form-urlencoded", ""],
    ["reply as the owner, JSON smuggled in text/plain", `/api/admin/conversations/${conversationId}/messages`, "text/plain", `<input name='{"body":"Forged reply","x":"' value='"}'>`],
  ] as const;
  const answers: string[] = [];
  for (const [name, path, type, inputs] of attacks) {
    const html = `<!doctype html><form method="post" action="${server.url}${path}" enctype="${type}">${inputs}</form><script>document.forms[0].submit()</script>`;
    pages.set(`/${answers.length}`, html);
    for (const origin of [`http://127.0.0.1:${sameSite.port}/${answers.length}`, t.host.page(html)]) {
      const evil = await t.owner.newPage();
      const answer = evil.waitForResponse((r) => r.url() === server.url + path && r.request().method() === "POST");
      await evil.goto(origin);
      const r = await answer;
      answers.push(`${name} from ${new URL(origin).host}: ${r.status()} ${(await r.json()).error?.code}`);
      await evil.close();
    }
  }
  await sameSite.stop();
  for (const a of answers) expect(a).toMatch(/: (401 unauthorized|403 csrf_failed)$/);
  // note: from the same site the cookie is sent, and the CSRF check is what refuses it.
  expect(answers.filter((a) => a.includes("127.0.0.1")).every((a) => a.endsWith("403 csrf_failed"))).toBe(true);
  expect((await consoleFetch(page, "GET", "/api/console/me")).status).toBe(200);
  const after = await adminGet(server, `/api/admin/conversations/${conversationId}`);
  expect(after.conversation.status).toBe("open");
  expect(JSON.stringify(after)).not.toContain("Forged reply");
}, T);

test("a session ended elsewhere (signed out in another tab) sends the console back to sign-in", async () => {
  const { server } = t;
  const context = await t.context();
  const console1 = await context.newPage();
  const seen = watch(console1, "first tab");
  await console1.goto(`${server.url}/admin/login`);
  await console1.fill('input[name="email"]', OWNER.email);
  await console1.fill('input[name="password"]', OWNER.password);
  await console1.click('button[type="submit"]');
  await console1.getByRole("link", { name: "Team" }).waitFor();
  const other = await context.newPage();
  await other.goto(`${server.url}/admin/inbox`);
  expect((await consoleFetch(other, "POST", "/api/console/logout")).status).toBe(204);
  // note: the inbox stream may find the session ended first (it asks at each heartbeat) and bring the sign-in
  // page before the click; either way the console ends at sign-in.
  await console1.getByRole("link", { name: "Team" }).click({ timeout: 3000 }).catch(() => undefined);
  await console1.getByRole("heading", { name: "Sign in" }).waitFor();
  // note: the Team page reads the members and, for the auto-assignment setting, the workspace; the alerts' count
  // reads the inbox and the unread total when its stream opens or moves. Any of them in flight is refused once signed out.
  const refused = [/\/api\/console\/workspaces\/[^/]+\/members$/, /\/api\/admin\/workspaces\/[^/]+$/, /\/api\/admin\/conversations(\/stream)?\?/, /\/api\/console\/me\/unread\?/];
  expect(seen.unexpected([SIGNED_OUT, ...refused.map((url): Allowed => [401, url])])).toEqual([]);
}, T);

test("five wrong passwords lock sign-in: the form says so, with 429 and Retry-After, even for the right password", async () => {
  const { server, page } = t;
  const context = await t.context();
  const login = await context.newPage();
  const loginWatch = watch(login, "sign-in page");
  await login.goto(`${server.url}/admin/login`);
  const error = login.locator(".form-error");
  const attempt = async (password: string) => {
    await login.fill('input[name="email"]', OWNER.email);
    await login.fill('input[name="password"]', password);
    const answer = login.waitForResponse((r) => r.url().endsWith("/api/console/login"));
    await login.click('button[type="submit"]');
    const r = await answer;
    await until(async () => (await error.textContent())?.trim(), "the form's error");
    return { status: r.status(), retryAfter: r.headers()["retry-after"], shown: (await error.textContent())! };
  };
  const tries = [];
  for (let i = 1; i <= 5; i++) tries.push(await attempt(`wrong password number ${i}`));
  expect(tries.slice(0, 4).map((t) => [t.status, t.shown])).toEqual(Array(4).fill([401, "The email or password is not right."]));
  expect(tries[4]).toMatchObject({ status: 429, shown: expect.stringMatching(/^Too many failed sign-in attempts; try again in \d+ min\.$/) });
  expect(Number(tries[4]!.retryAfter)).toBeGreaterThan(60);
  const right = await attempt(OWNER.password);
  expect(right.status).toBe(429);
  expect(login.url()).toStartWith(`${server.url}/admin/login`);
  expect(loginWatch.unexpected([SIGNED_OUT, [401, /\/api\/console\/login$/], [429, /\/api\/console\/login$/]])).toEqual([]);
  // note: the lock is on signing in; the owner's open session goes on working.
  expect((await consoleFetch(page, "GET", "/api/console/me")).status).toBe(200);
}, T);

test("Settings → Keys: the owner sees the admin tokens (never a token), revokes one of this workspace, and the running server refuses it at once; the all-workspace token is the CLI's to revoke", async () => {
  const { server, page, watched } = t;
  const cli = (...args: string[]) => run([...server.command, ...args, "--db", server.db], { cwd: server.dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(server.command) } }).out;
  const made = JSON.parse(cli("token", "create", "--name", "deploy bot", "--workspace", server.workspaceId, "--expires-days", "30", "--json"));
  const firstRun = JSON.parse(cli("token", "list", "--json")).tokens.find((x: any) => x.workspaces === "all" && !x.revoked);
  const ask = () => fetch(`${server.url}/api/admin/workspaces`, { headers: { authorization: `Bearer ${made.token}` } });
  expect((await ask()).status).toBe(200);
  await page.goto(`${server.url}/admin/settings/keys`);
  const row = page.locator(`tr[data-token="${made.id}"]`);
  await row.getByText("deploy bot").waitFor();
  expect(await page.getByTestId("tokens").textContent()).not.toContain("woes_at_");
  expect(await row.textContent()).not.toContain("Never");
  const everyWorkspace = page.locator(`tr[data-token="${firstRun.id}"]`);
  expect(await everyWorkspace.textContent()).toContain("Every workspace");
  expect(await everyWorkspace.textContent()).toContain("Revoke with the CLI");
  expect(await everyWorkspace.getByRole("button", { name: "Revoke" }).count()).toBe(0);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByText("Revoked").waitFor();
  expect((await ask()).status).toBe(401);
  expect(JSON.parse(cli("token", "list", "--json")).tokens.find((x: any) => x.id === made.id).revoked).toBe(true);
  expect(watched.unexpected([])).toEqual([]);
}, T);

test("Settings → Keys: Rotate and revoke now stops the old identity secret at once", async () => {
  const { server, page, watched } = t;
  const { hmacSha256Hex } = await import("../../src/lib/crypto");
  const email = "ada@example.com";
  const identify = async (secret: string) =>
    (await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: { "content-type": "application/json", "x-woes-key": server.publicKey }, body: JSON.stringify({ identity: { email, email_hash: await hmacSha256Hex(secret, email) } }) })).status;
  expect(await identify(server.identitySecret)).toBe(200);
  await page.goto(`${server.url}/admin/settings/keys`);
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("rotate-revoke").click();
  await page.getByText("The previous secret no longer works.").waitFor();
  const fresh = (await page.getByTestId("identity-secret").textContent())!;
  expect(fresh).toMatch(/^sk_id_/);
  expect(await identify(server.identitySecret)).toBe(401);
  expect(await identify(fresh)).toBe(200);
  expect(watched.unexpected([])).toEqual([]);
}, T);
