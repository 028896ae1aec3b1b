// The request-rate scenarios: each route of woes against a raw Bun.serve answering the same bytes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningServer } from "../helpers/server";
import { freePort } from "../helpers/server";
import { median, pool, run, script, type Request } from "./wrk";

/** FLOORS are the ratios (woes ÷ raw, the median of the repeats) each route must reach. */
export const FLOORS: Record<string, number> = { send: 0.3, "send-2000": 0.2, history: 0.55, presence: 0.6, reply: 0.15 };

/** RouteResult is one route's figures: medians over the repeats, and every run. */
export interface RouteResult {
  route: string;
  woes: number;
  raw: number;
  ratio: number;
  floor: number;
  ok: boolean;
  runs: { woes: number; raw: number; ratio: number }[];
}

const SPREAD = 2000;

/** WARM_UP_S is the length of the uncounted run of each server before a route's measured ones. */
const WARM_UP_S = 2;

async function json(server: RunningServer, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(server.url + path, { method: body === undefined ? "GET" : "POST", headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as any;
}

/** prepare makes the visitors and conversations the routes need and answers their requests. */
export async function prepareRoutes(server: RunningServer, only?: string[]): Promise<Record<string, Request>> {
  const key = { "x-woes-key": server.publicKey };
  const newVisitor = async () => `Bearer ${(await json(server, "/api/widget/session", key, {})).visitor.token}`;
  const token = await newVisitor();
  const as = { ...key, authorization: token, "content-type": "application/json" };
  const send = async (auth: string, conversationId: string | undefined, body: string) =>
    (await json(server, "/api/widget/messages", { ...key, authorization: auth }, { conversationId, body })).conversation.id as string;
  // note: history reads a 20-message conversation; the sends go to another, so the history
  // figure does not depend on how many sends ran before it.
  const history = await send(token, undefined, "history message 0");
  for (let i = 1; i < 20; i++) await send(token, history, `history message ${i}`);
  const busy = await send(token, undefined, "send target");
  const replied = await send(token, undefined, "reply target");
  const routes: Record<string, Request> = {
    send: { method: "POST", path: "/api/widget/messages", headers: as, body: JSON.stringify({ conversationId: busy, body: "benchmark message" }) },
    history: { method: "GET", path: `/api/widget/messages?conversation=${history}&limit=20`, headers: { ...key, authorization: token } },
    presence: { method: "POST", path: "/api/widget/presence", headers: as, body: JSON.stringify({ state: "active", page: { url: "https://shop.example/" } }) },
    reply: {
      method: "POST",
      path: `/api/admin/conversations/${replied}/messages`,
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "benchmark reply" }),
    },
  };
  if (!only || only.includes("send-2000")) {
    // note: 2 000 visitors with a conversation each, as a busy site has; each request picks one.
    const spread = await pool(Array.from({ length: SPREAD }, (_, i) => i), 32, async (i) => {
      const auth = await newVisitor();
      return { path: "/api/widget/messages", headers: { authorization: auth }, body: JSON.stringify({ conversationId: await send(auth, undefined, `conversation ${i}`), body: "benchmark message" }) };
    });
    routes["send-2000"] = { method: "POST", path: "/api/widget/messages", headers: { ...key, "content-type": "application/json" }, body: spread[0]!.body, spread };
  }
  const order = ["send", "send-2000", "history", "presence", "reply"];
  return Object.fromEntries(order.filter((r) => routes[r] && (!only || only.includes(r))).map((r) => [r, routes[r]!]));
}

/** runRoutes measures each route against the baseline `repeat` times, alternating, and keeps the medians. */
export async function runRoutes(server: RunningServer, routes: Record<string, Request>, dir: string, opts: { seconds: number; connections: number; repeat: number; runtime: "bun" | "deno"; gated: boolean }): Promise<RouteResult[]> {
  // note: the baseline answers each route with the very bytes woes answers, so the ratio
  // measures the work woes does, not the size of what it sends.
  const answers: Record<string, string> = {};
  for (const r of Object.values(routes)) {
    const res = await fetch(server.url + r.path, { method: r.method, headers: r.headers, body: r.body });
    answers[`${r.method} ${r.path.split("?")[0]}`] = await res.text();
  }
  const answersFile = join(dir, "answers.json");
  writeFileSync(answersFile, JSON.stringify(answers));
  const port = await freePort();
  // note: each runtime is measured against its own raw server (Bun.serve or Deno.serve).
  const runtime = opts.runtime === "deno" ? ["deno", "run", "-A", "--config", join(import.meta.dir, "../../deno.json")] : [process.execPath];
  const baseline = Bun.spawn([...runtime, join(import.meta.dir, "baseline.ts"), String(port), answersFile], { stdout: "pipe" });
  await Bun.sleep(300);
  try {
    const results: RouteResult[] = [];
    for (const [name, r] of Object.entries(routes)) {
      const file = script(dir, name, r);
      // note: one run of each server first, not counted: the route's code is compiled by the JIT while it runs (the raw
      // server's few lines are ready at once), and background work the previous route left (its messages still to be
      // indexed for search, its WAL to be copied back) is done by the end of it.
      run(server.url + r.path, file, WARM_UP_S, opts.connections);
      run(`http://127.0.0.1:${port}${r.path}`, file, WARM_UP_S, opts.connections);
      const runs: RouteResult["runs"] = [];
      for (let i = 0; i < opts.repeat; i++) {
        const woes = run(server.url + r.path, file, opts.seconds, opts.connections);
        const raw = run(`http://127.0.0.1:${port}${r.path}`, file, opts.seconds, opts.connections);
        if (woes.errors) console.warn(`  warning: ${woes.errors} non-2xx answers on ${name}`);
        runs.push({ woes: woes.rps, raw: raw.rps, ratio: woes.rps / raw.rps });
      }
      // note: the floors are the Bun executable's on SQLite; Deno's and Postgres' figures are reported beside them, not gated.
      const floor = opts.gated ? (FLOORS[name] ?? 0) : 0;
      const ratio = median(runs.map((x) => x.ratio));
      results.push({ route: name, woes: median(runs.map((x) => x.woes)), raw: median(runs.map((x) => x.raw)), ratio, floor, ok: ratio >= floor, runs });
    }
    return results;
  } finally {
    baseline.kill();
  }
}
