// The executable as an operator meets it: admin tokens listed and revoked from the CLI against a
// running server, file modes, a busy port, and errors that name what failed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { denoEnv, startServer, type RunningServer } from "./helpers/server";
import { run, runtime, sleep, start } from "./runtime/neutral";
import { roomyTimeouts } from "./helpers/timeouts";

roomyTimeouts();

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** cli runs the copied executable in the server's folder, optionally under a umask, and returns code and output. */
const cli = (args: string[], opts: { umask?: string; cwd?: string } = {}) => {
  const cmd = opts.umask ? ["sh", "-c", `umask ${opts.umask} && exec "$0" "$@"`, ...server.command, ...args] : [...server.command, ...args];
  return run(cmd, { cwd: opts.cwd ?? server.dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(server.command) } });
};

describe("admin tokens from the CLI", () => {
  test("token list prints ids and names, never a token; token revoke stops the running server accepting it on the next request", async () => {
    const made = JSON.parse(cli(["token", "create", "--name", "deploy", "--json", "--db", server.db]).out);
    expect(made.token).toMatch(/^woes_at_/);
    const ask = () => fetch(`${server.url}/api/admin/workspaces`, { headers: { authorization: `Bearer ${made.token}` } });
    expect((await ask()).status).toBe(200);
    const listed = cli(["token", "list", "--json", "--db", server.db]);
    expect(listed.code).toBe(0);
    expect(listed.out).not.toContain("woes_at_");
    const { tokens } = JSON.parse(listed.out);
    expect(tokens.map((t: any) => t.name)).toEqual(["first run", "deploy"]);
    for (const t of tokens) expect(Object.keys(t)).toEqual(expect.arrayContaining(["id", "name", "createdAt", "revoked"]));
    const id = tokens[1].id;
    expect(cli(["token", "list", "--db", server.db]).out).toContain(`${id}  deploy`);

    const revoked = cli(["token", "revoke", id, "--db", server.db]);
    expect([revoked.code, revoked.out.trim()]).toEqual([0, `Revoked ${id}`]);
    const refused = await ask();
    expect(refused.status).toBe(401);
    expect(JSON.parse(cli(["token", "list", "--json", "--db", server.db]).out).tokens[1].revoked).toBe(true);
    expect((await fetch(`${server.url}/api/admin/workspaces`, { headers: { authorization: `Bearer ${server.adminToken}` } })).status).toBe(200);
  });

  test("token create --expires-days sets an expiry that token list shows; bad values and unknown ids are usage errors", () => {
    const made = JSON.parse(cli(["token", "create", "--expires-days", "7", "--json", "--db", server.db]).out);
    const row = JSON.parse(cli(["token", "list", "--json", "--db", server.db]).out).tokens.find((t: any) => t.id === made.id);
    const days = (Date.parse(row.expiresAt) - Date.parse(row.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    for (const bad of ["0", "1.5", "soon"]) {
      const r = cli(["token", "create", "--expires-days", bad, "--db", server.db]);
      expect([r.code, r.err]).toEqual([2, expect.stringContaining("--expires-days")]);
    }
    const unknown = cli(["token", "revoke", "tok_nope", "--db", server.db]);
    expect([unknown.code, unknown.err]).toEqual([2, expect.stringContaining("no token tok_nope")]);
  });
});

/** asOther runs the executable as a user other than the files' owner (root ignores permissions, so the test drops to nobody). */
async function asOther(args: string[], cwd: string) {
  const root = process.getuid?.() === 0;
  const cmd = root ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...server.command, ...args] : [...server.command, ...args];
  return run(cmd, { cwd, env: { PATH: process.env.PATH ?? "" } });
}

// note: under Deno the command is `deno run` over this checkout, whose module cache another user cannot read.
const asOtherTest = test.if(runtime === "bun");
/** env is what a run of the CLI needs besides PATH. */
const env = () => ({ PATH: process.env.PATH ?? "", ...denoEnv(server.command) });

/** oneLine checks an error names what failed in one line, with no stack trace. */
const oneLine = (r: { code: number | null; err: string; out: string }, ...mentions: string[]) => {
  expect(r.code).toBe(1);
  expect(r.err.trim().split("\n")).toHaveLength(1);
  expect(r.err).toStartWith("woes: ");
  expect(r.err).not.toMatch(/\bat .*:\d+|Error:|node_modules|bunfs/);
  for (const m of mentions) expect(r.err).toContain(m);
};

describe("widget keys from the CLI", () => {
  test("key revoke stops the running server accepting the key on the next request, though it had the key in memory", async () => {
    const made = JSON.parse(cli(["key", "create", "--workspace", server.workspaceId, "--json", "--db", server.db]).out);
    const session = () => fetch(`${server.url}/api/widget/session`, { method: "POST", headers: { "content-type": "application/json", "x-woes-key": made.key }, body: "{}" });
    for (let i = 0; i < 3; i++) expect((await session()).status).toBe(200);
    expect(cli(["key", "revoke", made.key, "--db", server.db]).code).toBe(0);
    const refused = await session();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as any).error.code).toBe("key_revoked");
    expect((await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: { "content-type": "application/json", "x-woes-key": server.publicKey }, body: "{}" })).status).toBe(200);
  });
});

describe("files are private", () => {
  test("under umask 022 the database, its -wal and -shm, and a backup are created 0600", async () => {
    const dir = mkdtempSync(join(tmpdir(), "woes-mode-"));
    const db = join(dir, "private.db");
    const proc = start(["sh", "-c", 'umask 022 && exec "$0" "$@"', ...server.command, "serve", "--port", "0", "--host", "127.0.0.1", "--db", db], { cwd: dir, env: env() });
    try {
      const deadline = Date.now() + 10_000;
      while (!(existsSync(`${db}-wal`) && existsSync(`${db}-shm`)) && Date.now() < deadline) await sleep(25);
      const backup = cli(["backup", join(dir, "copy.db"), "--db", db], { umask: "022" });
      expect(backup.code).toBe(0);
      const modes = Object.fromEntries(readdirSync(dir).map((f) => [f, (statSync(join(dir, f)).mode & 0o777).toString(8)]));
      expect(modes).toEqual({ "private.db": "600", "private.db-wal": "600", "private.db-shm": "600", "copy.db": "600" });
    } finally {
      proc.kill();
      await proc.exited;
    }
  });
});

describe("the executable on a busy port, or one it cannot bind", () => {
  test("a second woes on the server's port exits 1 within 2 s naming the port, prints no secrets, and the first keeps serving", async () => {
    const dir = mkdtempSync(join(tmpdir(), "woes-busy-"));
    const started = Date.now();
    let out = "";
    let err = "";
    const p = start([...server.command, "serve", "--port", String(server.port), "--host", "127.0.0.1", "--db", join(dir, "second.db")], { cwd: dir, env: env(), onOutput: (text, stream) => (stream === "stderr" ? (err += text) : (out += text)) });
    const timer = setTimeout(() => p.kill(), 5_000);
    const code = await p.exited;
    clearTimeout(timer);
    expect(Date.now() - started).toBeLessThan(2_000);
    oneLine({ code, out, err }, `port ${server.port}`, "in use");
    expect(out).not.toMatch(/woes_at_|sk_id_|pk_ws_|\/admin\/setup\//);
    for (let i = 0; i < 10; i++) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("a --host that is not this machine's fails before printing any link or secret", () => {
    const dir = mkdtempSync(join(tmpdir(), "woes-host-"));
    const r = cli(["serve", "--host", "192.0.2.55", "--port", "0", "--db", join(dir, "w.db")], { cwd: dir });
    oneLine(r, "192.0.2.55", "--host");
    expect(r.out).not.toMatch(/woes_at_|sk_id_|pk_ws_|\/admin\/setup\//);
  });
});

describe("errors name what failed", () => {
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), "woes-err-"));
    chmodSync(dir, 0o755);
    return dir;
  };

  test.each([
    ["serve", ["serve", "--port", "0"]],
    ["migrate", ["migrate"]],
    ["workspace create", ["workspace", "create", "--name", "X"]],
  ])("%s in a missing folder names the folder", (_n, args) => {
    const dir = scratch();
    const db = join(dir, "no", "such", "folder", "w.db");
    oneLine(cli([...args, "--db", db], { cwd: dir }), db, join(dir, "no", "such", "folder"), "does not exist");
  });

  asOtherTest("a folder the user cannot write names the folder", async () => {
    const dir = scratch();
    const locked = join(dir, "locked");
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    oneLine(await asOther(["migrate", "--db", join(locked, "w.db")], dir), join(locked, "w.db"), `folder ${locked} is not writable`);
  });

  asOtherTest("a read-only database file names the file", async () => {
    const dir = scratch();
    const db = join(dir, "ro.db");
    expect(cli(["migrate", "--db", db], { cwd: dir }).code).toBe(0);
    chmodSync(db, 0o444);
    oneLine(await asOther(["workspace", "list", "--db", db], dir), db, "read-only");
  });

  test("a file that is not a database names the file", () => {
    const dir = scratch();
    const db = join(dir, "notes.txt");
    writeFileSync(db, "these are my notes, not a database\n".repeat(20));
    oneLine(cli(["workspace", "list", "--db", db], { cwd: dir }), db, "not a SQLite database");
    oneLine(cli(["serve", "--port", "0", "--db", db], { cwd: dir }), db, "not a SQLite database");
  });

  // note: a mistyped --db must not answer from, or back up, a new empty database.
  test.each([
    ["workspace list"],
    ["key list"],
    ["token list"],
    ["key create --workspace ws_x"],
    ["key revoke pk_x"],
    ["token revoke tok_x"],
    ["account reset-password a@b.test"],
    ["backup copy.db"],
  ])("%s on a missing database creates no file and says so", (command: string) => {
    const dir = scratch();
    const db = join(dir, "absent.db");
    oneLine(cli([...command.split(" "), "--db", db], { cwd: dir }), `no database at ${db}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("backup without a FILE is a usage error (exit 2) before any database is opened or made", () => {
    const dir = scratch();
    const r = cli(["backup", "--db", join(dir, "absent.db")], { cwd: dir });
    expect([r.code, r.err]).toEqual([2, expect.stringContaining("name the file to write")]);
    expect(readdirSync(dir)).toEqual([]);
  });

  test.each(["ftp://chat.example.com", "chat.example.com", "javascript:alert(1)"])("--public-url %s is refused: it must be http(s)", (url) => {
    const dir = scratch();
    const r = cli(["serve", "--public-url", url, "--db", join(dir, "w.db")], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("http(s) URL");
    expect(readdirSync(dir)).toEqual([]);
  });

  test("woes --help lists every command, and --version works like version", () => {
    const help = cli(["--help"]).out;
    for (const c of ["serve", "workspace create", "workspace list", "key create", "key list", "key revoke", "token create", "token list", "token revoke", "migrate", "backup", "version"]) {
      expect(help).toMatch(new RegExp(`^  ${c}\\b`, "m"));
    }
    const version = cli(["version"]).out;
    expect(version).toMatch(/^woes \d+\.\d+\.\d+/);
    expect(cli(["--version"]).out).toBe(version);
  });
});
