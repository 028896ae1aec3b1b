// Runs the real executable: builds dist/woes once per test run, copies it alone into an empty
// folder, starts it on a free port over a temp SQLite file, and reads its first-run output.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { buildExecutable } from "../../src/platform/bun/build";

const ROOT = new URL("../..", import.meta.url).pathname;
let built: Promise<string> | null = null;

/** executable builds dist/woes once for the whole test run and returns its path. */
export function executable(): Promise<string> {
  built ??= buildExecutable(join(ROOT, "dist/woes")).then(() => join(ROOT, "dist/woes"));
  return built;
}

/** freePort asks the OS for a port nobody listens on. */
export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

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
  proc: Subprocess;
  /** restart runs the executable again on the same folder, database and port. */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals | number): void;
  stop(): Promise<void>;
}

const grab = (text: string, re: RegExp) => re.exec(text)?.[1] ?? "";

/** NO_LIMITS lifts the abuse limits, for tests and the benchmark that send a lot from one address. */
export const NO_LIMITS = ["--limit-visitors", "100000000", "--limit-conversations", "100000000", "--limit-messages", "100000000",
  ...["session", "read", "events", "presence", "csat", "handoff", "typing"].flatMap((r) => [`--limit-${r}`, "100000000"])];

/** startServer builds (once) and starts the executable; the database lives in a fresh temp folder. */
export async function startServer(opts: { args?: string[]; env?: Record<string, string>; dir?: string } = {}): Promise<RunningServer> {
  const source = await executable();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "woes-"));
  const bin = join(dir, "woes");
  if (!(await Bun.file(bin).exists())) copyFileSync(source, bin);
  Bun.spawnSync(["chmod", "+x", bin]);
  const port = freePort();
  const db = join(dir, "woes.db");
  let out = "";
  const spawn = async () => {
    // note: only output printed after this start counts as "listening" (restart reuses `out`).
    const from = out.length;
    const proc = Bun.spawn([bin, "serve", "--port", String(port), "--host", "127.0.0.1", "--db", db, ...(opts.args ?? [])], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, ...opts.env },
      stdout: "pipe",
      stderr: "pipe",
    });
    const decoder = new TextDecoder();
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        out += decoder.decode(value);
      }
    };
    void pump(proc.stdout as ReadableStream<Uint8Array>);
    void pump(proc.stderr as ReadableStream<Uint8Array>);
    const deadline = Date.now() + 20_000;
    while (!out.includes("listening on", from)) {
      if (proc.exitCode !== null) throw new Error(`woes exited with ${proc.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`woes did not start in 20 s:\n${out}`);
      await Bun.sleep(25);
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
