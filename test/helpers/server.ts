// Runs the real executable: builds dist/woes once per test run, copies it alone into an empty
// folder, starts it on a free port over a temp SQLite file, and reads its first-run output.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { buildExecutable } from "../../src/platform/bun/build";
import { freePort, run, runtime as testRuntime, sleep, start, type Process } from "../runtime/neutral";
import { roundRobin } from "./balancer";
import { freshDatabase } from "./postgres";

const ROOT = new URL("../..", import.meta.url).pathname;
let built: Promise<string> | null = null;

/** executable builds dist/woes once for the whole test run and returns its path. */
export async function executable(): Promise<string> {
  built ??= buildExecutable(join(ROOT, "dist/woes")).then(() => join(ROOT, "dist/woes"));
  return built;
}

export { freePort };

/** DENO_WOES runs the CLI from this checkout under Deno, as `deno task woes` does, from any folder. */
export const DENO_WOES = ["deno", "run", "-A", "--config", join(ROOT, "deno.json"), join(ROOT, "src/platform/deno/main.ts")];

/** denoEnv keeps Deno's module cache where it is when HOME points at the server's folder. */
export const denoEnv = (command: string[]): Record<string, string> =>
  command === DENO_WOES ? { DENO_DIR: process.env.DENO_DIR ?? join(homedir(), ".cache/deno"), DENO_NO_UPDATE_CHECK: "1" } : {};

/** RunningServer is a started executable and what it printed on first run. */
export interface RunningServer {
  url: string;
  port: number;
  dir: string;
  db: string;
  publicKey: string;
  identitySecret: string;
  adminToken: string;
  workspaceId: string;
  setupUrl?: string;
  stdout: () => string;
  /** command runs the CLI that serves here: the copied dist/woes, or the checkout under Deno. */
  command: string[];
  proc: Process;
  /** restart runs the executable again on the same folder, database and port. */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals | number): void;
  stop(): Promise<void>;
}

const grab = (text: string, re: RegExp) => re.exec(text)?.[1] ?? "";

/** CLUSTER: with WOES_TEST_SERVERS=postgres, a server the tests start is two instances on a fresh Postgres database
 *  behind a round-robin balancer (see startCluster). */
export const CLUSTER = process.env.WOES_TEST_SERVERS === "postgres";

/** NO_LIMITS lifts the abuse limits, for tests and the benchmark that send a lot from one address. */
export const NO_LIMITS = ["--limit-visitors", "100000000", "--limit-conversations", "100000000", "--limit-messages", "100000000",
  ...["session", "read", "events", "presence", "csat", "handoff", "typing", "attachments", "streams", "streams-per-address"].flatMap((r) => [`--limit-${r}`, "100000000"])];

type StartOptions = { args?: string[]; env?: Record<string, string>; dir?: string; runtime?: "bun" | "deno"; db?: string };

/** startServer starts the server in a fresh temp folder that holds its database (or on opts.db): under Bun the executable, built once
 *  and copied alone into the folder; under Deno (or with runtime "deno") this checkout through Deno. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  if (CLUSTER && !opts.db && !opts.dir) return startCluster(opts);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "woes-"));
  let command = DENO_WOES;
  if ((opts.runtime ?? testRuntime) === "bun") {
    const bin = join(dir, "woes");
    if (!existsSync(bin)) copyFileSync(await executable(), bin);
    run(["chmod", "+x", bin]);
    command = [bin];
  }
  const port = await freePort();
  // note: db may name another database (a postgres:// URL); by default, a file in the folder.
  const db = opts.db ?? join(dir, "woes.db");
  let out = "";
  const spawn = async () => {
    // note: only output printed after this start counts as "listening" (restart reuses `out`).
    const from = out.length;
    const proc = start([...command, "serve", "--port", String(port), "--host", "127.0.0.1", "--db", db, ...(opts.args ?? [])], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, ...denoEnv(command), ...opts.env },
      onOutput: (text) => (out += text),
    });
    const deadline = Date.now() + 20_000;
    while (!out.includes("listening on", from)) {
      if (proc.exitCode() !== null) throw new Error(`woes exited with ${proc.exitCode()}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`woes did not start in 20 s:\n${out}`);
      await sleep(25);
    }
    return proc;
  };
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    db,
    publicKey: "",
    identitySecret: "",
    adminToken: "",
    workspaceId: "",
    stdout: () => out,
    command,
    proc: await spawn(),
    async restart() {
      server.proc = await spawn();
    },
    kill(signal = "SIGKILL") {
      server.proc.kill(signal);
    },
    async stop() {
      server.proc.kill("SIGTERM");
      await server.proc.exited;
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  server.publicKey = grab(out, /Widget key\s+(pk_ws_\w+)/);
  server.identitySecret = grab(out, /Identity secret\s+(sk_id_\w+)/);
  server.adminToken = grab(out, /Admin API token\s+(woes_at_\w+)/);
  server.workspaceId = grab(out, /\((ws_\w+)\)/);
  server.setupUrl = grab(out, /(https?:\/\/\S+\/admin\/setup\/\S+)/) || undefined;
  return server;
}

/** startCluster starts two instances on one fresh Postgres database behind a round-robin balancer, which tests then
 *  use as one server (CONTRACT §8: N instances behave as one): its url is the balancer's, and the links the instances
 *  print and mail name it (--public-url); what the first workspace's instance printed is read as usual. */
async function startCluster(opts: StartOptions): Promise<RunningServer> {
  const [db, balancer] = await Promise.all([freshDatabase(), roundRobin()]);
  const args = [...(opts.args ?? []), ...(opts.args?.includes("--public-url") ? [] : ["--public-url", balancer.url])];
  const servers = await Promise.all([0, 1].map(() => startServer({ ...opts, db, args })));
  balancer.to(servers.map((s) => s.port));
  const first = servers.find((s) => s.publicKey) ?? servers[0]!;
  return {
    ...first,
    url: balancer.url,
    port: balancer.port,
    stdout: () => servers.map((s) => s.stdout()).join(""),
    // note: the first instance's process, as it is after a restart.
    get proc() {
      return first.proc;
    },
    async restart() {
      await Promise.all(servers.map((s) => s.restart()));
    },
    kill(signal) {
      for (const s of servers) s.kill(signal);
    },
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
      balancer.close();
    },
  };
}
