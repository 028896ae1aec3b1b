// wrk driving for the benchmark: Lua scripts per route and the requests/s they measured.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Request is one route's request as wrk sends it: a fixed one, or one drawn from a list per call. */
export interface Request {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** spread, when given, replaces the fixed request: each call picks one of these at random. */
  spread?: { path: string; headers: Record<string, string>; body?: string }[];
}

const lua = (s: string) => JSON.stringify(s);

/** script writes the Lua file that makes wrk send r. */
export function script(dir: string, name: string, r: Request): string {
  const file = join(dir, `${name}.lua`);
  const lines = [`wrk.method = ${lua(r.method)}`, ...Object.entries(r.headers).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)];
  if (r.body) lines.push(`wrk.body = ${lua(r.body)}`);
  if (r.spread) {
    lines.push("local calls = {");
    for (const c of r.spread) {
      const headers = Object.entries({ ...r.headers, ...c.headers }).map(([k, v]) => `[${lua(k)}] = ${lua(v)}`).join(", ");
      lines.push(`  { path = ${lua(c.path)}, headers = { ${headers} }, body = ${c.body ? lua(c.body) : "nil"} },`);
    }
    lines.push("}", "request = function()", "  local c = calls[math.random(#calls)]", `  return wrk.format(${lua(r.method)}, c.path, c.headers, c.body)`, "end");
  }
  writeFileSync(file, lines.join("\n"));
  return file;
}

const wrk = (url: string, scriptFile: string, seconds: number, connections: number) => ["wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "-s", scriptFile, url];

/** measured reads what wrk printed: requests/s and the answers that were not 2xx or 3xx. */
function measured(out: string, err: string): { rps: number; errors: number } {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (!rps) throw new Error(`wrk failed:\n${out}${err}`);
  return { rps: Number(rps[1]), errors: Number(errors?.[1] ?? 0) };
}

/** run drives url with the script for seconds over connections and answers requests/s. */
export function run(url: string, scriptFile: string, seconds: number, connections: number): { rps: number; errors: number } {
  const p = Bun.spawnSync(wrk(url, scriptFile, seconds, connections));
  return measured(p.stdout.toString(), p.stderr.toString());
}

/** runTogether drives several urls at once (one wrk each) and answers each one's figures. */
export async function runTogether(urls: string[], scriptFile: string, seconds: number, connections: number): Promise<{ rps: number; errors: number }[]> {
  return Promise.all(
    urls.map(async (url) => {
      const p = Bun.spawn(wrk(url, scriptFile, seconds, connections), { stdout: "pipe", stderr: "pipe" });
      const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
      await p.exited;
      return measured(out, err);
    }),
  );
}

/** median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** quantile q (0..1) of a non-empty list. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** rssMb reads a process's resident memory in MiB (Linux). */
export function rssMb(pid: number): number {
  const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** pool runs task over items with at most `width` in flight. */
export async function pool<T, R>(items: T[], width: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!, i);
      }
    }),
  );
  return out;
}
