// What the tests need of a runtime, written once for both: sleep, processes, a small HTTP server, a free port.
import { spawn as spawnChild, spawnSync as spawnChildSync, type ChildProcess } from "node:child_process";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createNetServer } from "node:net";

/** runtime names the runtime running the tests. */
export const runtime: "bun" | "deno" = "Deno" in globalThis ? "deno" : "bun";

/** sleep resolves after ms. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** run runs a command to its end and returns its exit code and output. */
export function run(cmd: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const p = spawnChildSync(cmd[0]!, cmd.slice(1), { cwd: opts.cwd, env: opts.env, encoding: "utf8" });
  return { code: p.status, out: p.stdout ?? "", err: p.stderr ?? "" };
}

/** Process is a started child: its output so far, how it ended, and a way to signal it. */
export interface Process {
  child: ChildProcess;
  exitCode(): number | null;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals | number): void;
}

/** start starts a command and feeds everything it prints to onOutput, as it comes. */
export function start(cmd: string[], opts: { cwd?: string; env?: Record<string, string>; onOutput?: (text: string, stream: "stdout" | "stderr") => void }): Process {
  const child = spawnChild(cmd[0]!, cmd.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  let code: number | null = null;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c, signal) => resolve((code = c ?? (signal ? 128 : null)))));
  child.stdout!.setEncoding("utf8").on("data", (t: string) => opts.onOutput?.(t, "stdout"));
  child.stderr!.setEncoding("utf8").on("data", (t: string) => opts.onOutput?.(t, "stderr"));
  return { child, exitCode: () => code, exited, kill: (signal: NodeJS.Signals | number = "SIGTERM") => void child.kill(signal) };
}

/** freePort asks the OS for a port nobody listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** Served is a running test HTTP server. */
export interface Served {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** serve answers every request with handler on 127.0.0.1 (port 0: any free port), over node:http, which both
 *  runtimes have; a streamed answer (server-sent events) is passed on chunk by chunk. */
export async function serve(handler: (request: Request) => Response | Promise<Response>, port = 0): Promise<Served> {
  const server = createHttpServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body });
    const answer = await handler(request);
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (!answer.body) return void res.end();
    const reader = answer.body.getReader();
    res.on("close", () => void reader.cancel().catch(() => {}));
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) res.write(read.value);
    } catch {
      /* the client went away */
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    stop: () => {
      // note: like Bun's stop(true): open connections (a hanging answer, keep-alive) are cut, not waited for.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
