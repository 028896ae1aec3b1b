// The real executable, copied alone into an empty folder: it serves, answers its CLI, and backs up.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFile } from "./helpers/platform";
import { denoEnv, startServer, type RunningServer } from "./helpers/server";
import { run, sleep, start } from "./runtime/neutral";
import { roomyTimeouts } from "./helpers/timeouts";

roomyTimeouts();

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const cli = (...args: string[]) => run([...server.command, ...args], { cwd: server.dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(server.command) } });

describe("the executable in an empty folder", () => {
  test("the folder holds nothing but the binary (none under Deno) and its database", () => {
    const files = readdirSync(server.dir).filter((f) => !f.startsWith("woes.db"));
    expect(files).toEqual(server.command.length === 1 ? ["woes"] : []);
  });

  test("first start prints key, secret, token, console and snippet", () => {
    const out = server.stdout();
    expect(server.publicKey).toMatch(/^pk_ws_[0-9A-Za-z]{22,}$/);
    expect(server.identitySecret).toMatch(/^sk_id_[0-9A-Za-z]{32,}$/);
    expect(server.adminToken).toMatch(/^woes_at_[0-9A-Za-z]{32,}$/);
    expect(out).toContain(`${server.url}/admin`);
    expect(out).toContain("window.Woes=window.Woes||function(){(Woes.q=Woes.q||[]).push(arguments)};");
    expect(out).toContain(`data-public-key="${server.publicKey}"`);
    expect(out).toContain(`data-api="${server.url}/api/widget/messages"`);
  });

  test("GET /healthz answers 200", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  test("a visitor's session, message and events leave the server's output free of warnings", async () => {
    const key = { "x-woes-key": server.publicKey, "content-type": "application/json" };
    const session = await (await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: key, body: "{}" })).json();
    const as = { ...key, authorization: `Bearer ${session.visitor.token}` };
    expect((await fetch(`${server.url}/api/widget/messages`, { method: "POST", headers: as, body: JSON.stringify({ body: "Hello" }) })).status).toBe(201);
    expect((await fetch(`${server.url}/api/widget/events`, { method: "POST", headers: as, body: JSON.stringify({ events: [{ type: "widget_open" }] }) })).status).toBeLessThan(300);
    expect(server.stdout()).not.toMatch(/warning|error|\[Sucrose\]/i);
  });

  test("GET /widget.js serves the embedded bundle with an ETag that revalidates", async () => {
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    const body = await res.text();
    expect(body.length).toBeGreaterThan(500);
    expect(body).toContain("Woes");
    const etag = res.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await fetch(`${server.url}/widget.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.url}/widget-messenger.js`)).status).toBe(200);
  });

  test("GET /install/<key> shows the snippet for that key", async () => {
    const res = await fetch(`${server.url}/install/${server.publicKey}?format=text`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`data-public-key="${server.publicKey}"`);
    expect((await fetch(`${server.url}/install/pk_ws_unknown`)).status).toBe(404);
  });

  test("a session and a message go through real HTTP into the SQLite file", async () => {
    const headers = { "content-type": "application/json", "x-woes-key": server.publicKey, origin: "http://example.test" };
    const session = await fetch(`${server.url}/api/widget/session`, { method: "POST", headers, body: "{}" });
    expect(session.status).toBe(200);
    expect(session.headers.get("access-control-allow-origin")).toBe("http://example.test");
    const { visitor } = (await session.json()) as any;
    const sent = await fetch(`${server.url}/api/widget/messages`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${visitor.token}` },
      body: JSON.stringify({ body: "Hello from the binary test" }),
    });
    expect(sent.status).toBe(201);
    const { conversation } = (await sent.json()) as any;
    const history = await fetch(`${server.url}/api/widget/messages?conversation=${conversation.id}`, {
      headers: { "x-woes-key": server.publicKey, authorization: `Bearer ${visitor.token}` },
    });
    expect(((await history.json()) as any).messages.map((m: any) => m.body)).toEqual(["Hello from the binary test"]);
    expect(await readFile(server.db, "SELECT body FROM message")).toContainEqual({ body: "Hello from the binary test" });
  });

  test("backup writes a consistent copy of the live database", async () => {
    const copy = join(server.dir, "copy.sqlite");
    const r = cli("backup", copy, "--db", server.db);
    expect(r.code).toBe(0);
    expect(await readFile(copy, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    expect(await readFile(copy, "SELECT count(*) AS n FROM workspace")).toEqual([{ n: 1 }]);
  });
});

describe("the CLI", () => {
  test.each([[[]], [["serve"]], [["workspace", "create"]], [["key", "create"]], [["key", "list"]], [["key", "revoke"]], [["token", "create"]], [["token", "list"]], [["token", "revoke"]], [["account", "setup-link"]], [["migrate"]], [["backup"]], [["version"]]])(
    "--help explains %p",
    (args) => {
      const r = cli(...args, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain("Usage: woes");
    },
  );

  test("version prints the version", () => {
    expect(cli("version").out).toMatch(/^woes \d+\.\d+\.\d+/);
  });

  test("workspace create, key create/list/revoke and token create speak JSON", () => {
    const db = join(server.dir, "cli.db");
    const ws = JSON.parse(cli("workspace", "create", "--name", "Second", "--json", "--db", db).out);
    expect(ws.workspace.name).toBe("Second");
    expect(ws.publicKey).toMatch(/^pk_ws_/);
    expect(ws.identitySecret).toMatch(/^sk_id_/);
    const key = JSON.parse(cli("key", "create", "--workspace", ws.workspace.id, "--origin", "https://shop.example", "--json", "--db", db).out);
    expect(key).toMatchObject({ kind: "workspace", allowedOrigins: ["https://shop.example"] });
    // note: a browser sends its Origin lowercase and without a default port; another spelling could never match.
    const misspelled = cli("key", "create", "--workspace", ws.workspace.id, "--origin", "https://Shop.example:443", "--db", db);
    expect(misspelled.code).toBe(2);
    expect(misspelled.err).toContain("did you mean https://shop.example?");
    const list = JSON.parse(cli("key", "list", "--json", "--db", db).out);
    expect(list.keys.map((k: any) => k.key)).toEqual([ws.publicKey, key.key]);
    expect(cli("key", "revoke", key.key, "--db", db).code).toBe(0);
    expect(JSON.parse(cli("key", "list", "--json", "--db", db).out).keys[1].revoked).toBe(true);
    const token = JSON.parse(cli("token", "create", "--json", "--db", db).out);
    expect(token.token).toMatch(/^woes_at_[0-9A-Za-z]{32,}$/);
  });

  test("mistakes get a clear message and exit code 2", () => {
    const unknown = cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    const missing = cli("workspace", "create", "--db", join(server.dir, "cli.db"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("--name is required");
    // note: a flag the command does not take is refused, not ignored (it is usually a typo for another command's).
    const stray = cli("workspace", "list", "--name", "Acme", "--db", server.db);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain("'woes workspace list' does not take --name");
    expect(cli("backup", join(server.dir, "copy.db"), "--port", "3001", "--db", server.db).err).toContain("'woes backup' does not take --port");
    expect(cli("serve", "--expires-days", "3", "--db", server.db).err).toContain("'woes serve' does not take --expires-days");
    // note: a bad setting is a usage error (2), named as it was given: its flag, else its environment variable.
    const port = cli("serve", "--port", "abc", "--db", join(server.dir, "x.db"));
    expect(port.code).toBe(2);
    expect(port.err).toContain("invalid --port: a port number from 0 to 65535");
    const limit = run([...server.command, "serve", "--db", join(server.dir, "x.db")], { cwd: server.dir, env: { PATH: process.env.PATH ?? "", WOES_LIMIT_TYPING: "0", ...denoEnv(server.command) } });
    expect(limit.code).toBe(2);
    expect(limit.err).toContain("invalid WOES_LIMIT_TYPING (environment): a whole number, 1 or more");
    expect(cli("serve", "--limit-visitors=-1", "--db", join(server.dir, "x.db")).err).toContain("invalid --limit-visitors: a whole number, 1 or more");
    expect(cli("serve", "--ai-timeout", "0", "--db", join(server.dir, "x.db")).err).toContain("invalid --ai-timeout: a number of seconds, at least 0.001");
    // note: a Postgres URL is served from; one where nothing listens (port 1) fails naming it.
    const url = cli("serve", "--db", "postgres://woes@127.0.0.1:1/woes");
    expect(url.code).toBe(1);
    expect(url.err).toContain("cannot reach Postgres at postgres://woes@127.0.0.1:1/woes: nothing listens there");
    const other = cli("serve", "--db", "mysql://woes@localhost/woes");
    expect(other.code).toBe(2);
    expect(other.err).toContain("invalid --db: a SQLite file path such as ./woes.db, or a postgres:// URL");
  });
});

test("--port 0 listens on a free port, and the address printed (and the links) name that port", async () => {
  const dir = mkdtempSync(join(tmpdir(), "woes-port0-"));
  let out = "";
  const proc = start([...server.command, "serve", "--port", "0", "--host", "127.0.0.1", "--db", join(dir, "w.db")], { cwd: dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(server.command) }, onOutput: (t) => (out += t) });
  try {
    for (let i = 0; i < 400 && !out.includes("listening on"); i++) await sleep(25);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(out).toContain(`http://127.0.0.1:${port}/admin/setup/`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("later starts", () => {
  test("a second start (a second workspace made meanwhile) prints no token or key, and a fresh setup link while no owner exists; woes account setup-link makes one too", async () => {
    const first = server.stdout();
    expect(first.match(/woes_at_\w+/g)).toHaveLength(1);
    expect(first.match(/\/admin\/setup\/\w+/g)).toHaveLength(1);
    const made = cli("workspace", "create", "--name", "Later", "--db", server.db);
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    server.proc.kill("SIGTERM");
    await server.proc.exited;
    await server.restart();
    const later = server.stdout().slice(first.length);
    expect(later).toContain("listening on");
    for (const secret of [/woes_at_/, /pk_ws_/, /sk_id_/]) expect(later).not.toMatch(secret);
    // note: CONTRACT §6b: every start while no console account exists prints a fresh one-time setup link.
    const printed = later.match(new RegExp(`${server.url}/admin/setup/([0-9A-Za-z]{32})`));
    expect(printed?.[1]).toBeDefined();
    expect(first).not.toContain(printed![1]!);

    // note: the link comes from the server's own address (--port here) when no --public-url is given.
    const port = new URL(server.url).port;
    const link = JSON.parse(cli("account", "setup-link", "--port", port, "--json", "--db", server.db).out);
    expect(link.url).toMatch(new RegExp(`^http://localhost:${port}/admin/setup/[0-9A-Za-z]{32}$`));
    const token = link.url.split("/").pop();
    const setup = await fetch(`${server.url}/api/console/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, name: "Owner", email: "owner@example.com", password: "correct horse battery staple" }),
    });
    expect(setup.status).toBe(200);
    const refused = cli("account", "setup-link", "--db", server.db);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("owner already");
    // note: the links printed before are void now, and a start prints none.
    expect((await fetch(`${server.url}/api/console/links/${printed![1]}`)).status).toBe(404);
    server.proc.kill("SIGTERM");
    await server.proc.exited;
    const before = server.stdout().length;
    await server.restart();
    expect(server.stdout().slice(before)).not.toMatch(/\/admin\/setup\//);
  });
});
