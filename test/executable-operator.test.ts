// The executable as an operator meets it: admin tokens listed and revoked from the CLI against a
// running server, file modes, a busy port, and errors that name what failed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startServer, type RunningServer } from "./helpers/server";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** cli runs the copied executable in the server's folder, optionally under a umask, and returns code and output. */
const cli = (args: string[], opts: { umask?: string; cwd?: string } = {}) => {
  const bin = join(server.dir, "woes");
  const cmd = opts.umask ? ["sh", "-c", `umask ${opts.umask} && exec "$0" "$@"`, bin, ...args] : [bin, ...args];
  const p = Bun.spawnSync(cmd, { cwd: opts.cwd ?? server.dir, env: { PATH: process.env.PATH ?? "" } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
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
