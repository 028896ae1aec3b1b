// `bun run bench`: the built server against a raw Bun.serve baseline, same machine, same run.
// Prints requests/s for message send, history read and presence, each as a ratio to the
// baseline, which answers every route with the same bytes woes does.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, NO_LIMITS, startServer } from "../helpers/server";

const DURATION = process.env.BENCH_SECONDS ?? "5";
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? "32";
const FLOORS = { send: 0.15, history: 0.4, presence: 0.6 } as const;

if (Bun.spawnSync(["which", "wrk"]).exitCode !== 0) {
  console.error("bench: needs wrk, the HTTP load generator (Debian: apt-get install -y wrk)");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "woes-bench-"));
const luaFor = (name: string, method: string, headers: Record<string, string>, body?: string) => {
  const file = join(dir, `${name}.lua`);
  const lines = [`wrk.method = "${method}"`, ...Object.entries(headers).map(([k, v]) => `wrk.headers["${k}"] = "${v}"`)];
  if (body) lines.push(`wrk.body = '${body}'`);
  writeFileSync(file, lines.join("\n"));
  return file;
};

function wrk(url: string, script: string): number {
  const p = Bun.spawnSync(["wrk", "-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "-s", script, url]);
  const out = p.stdout.toString();
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (!rps) throw new Error(`wrk failed:\n${out}${p.stderr.toString()}`);
  if (errors) console.warn(`  warning: ${errors[1]} non-2xx answers from ${url}`);
  return Number(rps[1]);
}

console.log("building and starting dist/woes ...");
const server = await startServer({ args: NO_LIMITS });
const basePort = freePort();
let baseline: ReturnType<typeof Bun.spawn> | undefined;

try {
  const json = { "content-type": "application/json", "x-woes-key": server.publicKey };
  const session = (await (await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: json, body: "{}" })).json()) as any;
  const auth = { ...json, authorization: `Bearer ${session.visitor.token}` };
  const send = async (conversationId: string | undefined, body: string) =>
    ((await (await fetch(`${server.url}/api/widget/messages`, { method: "POST", headers: auth, body: JSON.stringify({ conversationId, body }) })).json()) as any).conversation.id as string;
  // note: history reads a 20-message conversation; the sends go to another one, so the
  // history figure does not depend on how many sends ran before it.
  const history = await send(undefined, "history message 0");
  for (let i = 1; i < 20; i++) await send(history, `history message ${i}`);
  const busy = await send(undefined, "send target");
  const scenarios = [
    { name: "send", method: "POST", path: "/api/widget/messages", body: JSON.stringify({ conversationId: busy, body: "benchmark message" }) },
    { name: "history", method: "GET", path: `/api/widget/messages?conversation=${history}&limit=20` },
    { name: "presence", method: "POST", path: "/api/widget/presence", body: JSON.stringify({ state: "active", page: { url: "https://shop.example/" } }) },
  ] as const;

  // note: the baseline answers each route with the very bytes woes answers, so the ratio
  // measures the work woes does, not the size of what it sends.
  const answers: Record<string, string> = {};
  for (const s of scenarios) {
    const res = await fetch(server.url + s.path, { method: s.method, headers: auth, body: "body" in s ? s.body : undefined });
    answers[`${s.method} ${s.path.split("?")[0]}`] = await res.text();
  }
  const answersFile = join(dir, "answers.json");
  writeFileSync(answersFile, JSON.stringify(answers));
  baseline = Bun.spawn([process.execPath, join(import.meta.dir, "baseline.ts"), String(basePort), answersFile], { stdout: "pipe" });
  await Bun.sleep(500);

  console.log(`\nwrk -t1 -c${CONNECTIONS} -d${DURATION}s, server and baseline on this ${navigator.hardwareConcurrency}-core machine\n`);
  console.log("route      woes req/s   raw Bun.serve req/s   ratio   floor");
  let failed = false;
  for (const s of scenarios) {
    const script = luaFor(s.name, s.method, s.method === "POST" ? auth : { "x-woes-key": server.publicKey, authorization: auth.authorization }, "body" in s ? s.body : undefined);
    const woes = wrk(server.url + s.path, script);
    const raw = wrk(`http://127.0.0.1:${basePort}${s.path}`, script);
    const ratio = woes / raw;
    const floor = FLOORS[s.name];
    if (ratio < floor) failed = true;
    console.log(`${s.name.padEnd(10)} ${woes.toFixed(0).padStart(10)}   ${raw.toFixed(0).padStart(19)}   ${ratio.toFixed(2).padStart(5)}   ${floor.toFixed(2)} ${ratio >= floor ? "ok" : "BELOW"}`);
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  baseline?.kill();
  await server.stop();
}

await (await import("./agents")).benchAgents();
