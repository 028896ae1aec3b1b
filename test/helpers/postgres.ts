// A real, throwaway Postgres cluster for tests: initdb into a fresh temp folder, started with pg_ctl on a free
// port of 127.0.0.1 (its socket in the folder too), trust auth for the `postgres` role, durability off for speed.
// Run as root (CI containers), the cluster is made and run by the `postgres` OS user, since Postgres refuses root.
// A cluster left running when the process ends (a crashed test file) is stopped by an exit hook and, where that
// does not run (neither `bun test` nor `deno test` emits "exit"; a killed process), by a watchdog that outlives it.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import postgres from "postgres";
import { postgresMigrations } from "../../src/platform/embedded";
import { migratePostgres } from "../../src/platform/postgres";
import { freePort, run, start } from "../runtime/neutral";

/** Postgres is a started cluster. */
export interface Postgres {
  /** url is the `postgres` database's URL, over TCP. */
  url: string;
  port: number;
  /** dir is the temp folder holding the data, the socket and the server log; gone after stop(). */
  dir: string;
  /** bin is the folder of the binaries it runs from (initdb, pg_ctl, postgres, psql). */
  bin: string;
  /** stop stops the server at once (-m immediate) and removes its folder; calling it again does nothing. */
  stop(): Promise<void>;
  /** createDatabase makes a new, empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
}

const NOT_INSTALLED = "Postgres is not installed: no initdb on PATH or under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)";

const executable = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** postgresBin finds the folder of the Postgres server binaries: initdb on PATH first (a symlink followed to its
 *  real folder, so pg_ctl and psql come from the same version), then the highest /usr/lib/postgresql/N/bin. */
export function postgresBin(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, "initdb"))) {
      const bin = dirname(realpathSync(join(dir, "initdb")));
      if (executable(join(bin, "pg_ctl"))) return bin;
    }
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = join(root, v, "bin");
    if (executable(join(bin, "initdb")) && executable(join(bin, "pg_ctl"))) return bin;
  }
  throw new Error(NOT_INSTALLED);
}

/** psqlPath is psql from the server's folder, else the one on PATH. */
export function psqlPath(bin: string): string {
  if (executable(join(bin, "psql"))) return join(bin, "psql");
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir && executable(join(dir, "psql"))) return join(dir, "psql");
  throw new Error(`Postgres is not installed: no psql in ${bin} or on PATH (apt-get install -y postgresql)`);
}

const asRoot = () => process.getuid?.() === 0;

/** asPostgres runs cmd as the `postgres` OS user when we are root (Postgres refuses to run as root), else as is. */
function asPostgres(cmd: string[]): string[] {
  if (!asRoot()) return cmd;
  if (executable("/usr/sbin/runuser") || executable("/sbin/runuser")) return ["runuser", "-u", "postgres", "--", ...cmd];
  const quoted = cmd.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  return ["su", "postgres", "-s", "/bin/sh", "-c", quoted];
}

/** exec runs a command to its end without blocking the event loop, and returns its exit code and output. */
async function exec(cmd: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  let out = "";
  const p = start(cmd, { cwd, onOutput: (text) => (out += text) });
  // note: "close" comes after the output streams end, so `out` is whole (the exit event can come first).
  await new Promise<void>((resolve) => {
    p.child.once("close", () => resolve());
    p.child.once("error", (e) => ((out += String(e)), resolve()));
  });
  return { code: p.exitCode(), out };
}

const tail = (text: string, lines = 30) => text.trimEnd().split("\n").slice(-lines).join("\n");
const logTail = (log: string) => (existsSync(log) ? tail(readFileSync(log, "utf8")) : "(no server log)");

// The clusters this process started and has not stopped: stopped, synchronously, when the process exits.
// note: neither `bun test` nor `deno test` emits "exit" (nor does a killed process), hence the watchdog too.
const running = new Map<string, () => void>();
let hooked = false;
function onExit(dir: string, stopNow: () => void) {
  running.set(dir, stopNow);
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const stopNow of running.values()) stopNow();
  });
}

const WATCHDOG = `d=$1; shift; while kill -0 "$0" 2>/dev/null; do sleep 1; done; [ -f "$d/data/postmaster.pid" ] && "$@" >/dev/null 2>&1; rm -rf "$d"`;

/** watchdog starts a shell, in its own session, that stops the cluster in dir (running stopCmd) and removes dir once
 *  this process is gone, however it ended; it answers how to call the watchdog off. */
function watchdog(dir: string, stopCmd: string[]): () => void {
  // note: straight from node:child_process, not neutral's start(): the watchdog must be detached (so a runner that
  // kills its children on a timeout spares it) and unref'd with no pipes, so it never holds this process open.
  const child = spawn("sh", ["-c", WATCHDOG, String(process.pid), dir, ...stopCmd], { detached: true, stdio: "ignore" });
  child.on("error", () => {});
  child.unref();
  return () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
}

/** startPostgres makes and starts a fresh cluster; stop() it when done (the exit hook and watchdog are safety nets). */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  const psql = psqlPath(bin);
  const dir = mkdtempSync(join(tmpdir(), "woes-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  const stopCmd = asPostgres([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]);
  let callOff = () => {};
  const stopSync = () => {
    running.delete(dir);
    if (existsSync(join(data, "postmaster.pid"))) run(stopCmd, { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    callOff();
  };
  const stopAsync = async () => {
    running.delete(dir);
    if (existsSync(join(data, "postmaster.pid"))) await exec(stopCmd, dir);
    stopSync();
  };
  try {
    if (asRoot()) {
      const chown = run(["chown", "postgres", dir]);
      if (chown.code !== 0) throw new Error(`cannot hand ${dir} to the postgres OS user (running as root, Postgres will not): ${chown.err}`);
      if (run(asPostgres(["test", "-w", dir])).code !== 0) throw new Error(`the postgres OS user cannot write ${dir}; set TMPDIR to a folder it can reach`);
    }
    // note: --no-sync and the C locale: a throwaway cluster needs no flushes, and CI machines may have no locales.
    const init = await exec(asPostgres([join(bin, "initdb"), "-D", data, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]), dir);
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}); its output:\n${tail(init.out)}`);
    onExit(dir, stopSync);
    callOff = watchdog(dir, stopCmd);
    // note: the port is free when asked, not when bound; another process may take it in between, so try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [
        `-c listen_addresses=127.0.0.1 -p ${port}`,
        `-c unix_socket_directories='${dir}'`,
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
      ].join(" ");
      const started = await exec(asPostgres([join(bin, "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"]), dir);
      if (started.code === 0) return cluster(bin, psql, dir, port, stopAsync);
      const why = logTail(log);
      if (attempt < 3 && /could not bind|address already in use/i.test(why)) continue;
      throw new Error(`pg_ctl start failed (exit ${started.code}):\n${tail(started.out)}\n--- tail of the server log ---\n${why}`);
    }
  } catch (e) {
    stopSync();
    throw e;
  }
}

function cluster(bin: string, psql: string, dir: string, port: number, stopNow: () => Promise<void>): Postgres {
  const base = `postgres://postgres@127.0.0.1:${port}`;
  let stopped = false;
  return {
    url: `${base}/postgres`,
    port,
    dir,
    bin,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopNow();
    },
    createDatabase: async (name: string) => {
      const ident = `"${name.replaceAll('"', '""')}"`;
      const made = await exec([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-c", `create database ${ident}`], dir);
      if (made.code !== 0) throw new Error(`create database ${ident} failed (exit ${made.code}):\n${tail(made.out)}`);
      return `${base}/${encodeURIComponent(name)}`;
    },
  };
}

let shared: Promise<Postgres> | null = null;

/** sharedPostgres starts one cluster on its first call and answers the same promise after, so a test file starts one
 *  cluster for all its tests (a failed start fails them all alike). Once that cluster is stopped, the next call starts
 *  a fresh one. note: under `bun test` the files of a run share this module, and so the cluster: a file that stops it
 *  leaves the next file a fresh one; one left running is stopped by the watchdog when the run ends. */
export function sharedPostgres(): Promise<Postgres> {
  if (!shared) {
    const starting = startPostgres().then((pg) => {
      const stop = pg.stop;
      pg.stop = async () => {
        if (shared === starting) shared = null;
        await stop();
      };
      return pg;
    });
    shared = starting;
  }
  return shared;
}

let template: Promise<{ pg: Postgres; admin: postgres.Sql }> | null = null;
let databases = 0;

/** freshDatabase answers the URL of a new database of the shared cluster, migrated: each is copied from a template
 *  migrated once per cluster, which is much faster than migrating each. */
export async function freshDatabase(): Promise<string> {
  const pg = await sharedPostgres();
  if (!template || (await template).pg !== pg) {
    template = (async () => {
      const url = await pg.createDatabase("woes_template");
      await migratePostgres(url, postgresMigrations);
      return { pg, admin: postgres(pg.url, { max: 1, onnotice: () => {} }) };
    })();
  }
  const { admin } = await template;
  const name = `woes_${process.pid}_${++databases}`;
  await admin.unsafe(`create database ${name} template woes_template`);
  return pg.url.replace(/\/postgres$/, `/${name}`);
}
