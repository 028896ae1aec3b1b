// `bun run bench`: the built server against a raw Bun.serve baseline, same machine, same run.
//   --scenarios routes,realtime,growth,agents   which to run (default: routes)
//   --routes send,send-2000,history,presence,reply   which routes (default: all)
//   --seconds 2 --repeat 3 --connections 32          wrk per run; ratios are medians of the repeats
//   --streams 1000 --rate 200 --rt-seconds 5          realtime: open streams, replies/s, duration
//   --size 1000000 --rounds 5                          growth: messages (and events), timings per query
//   --json dist/bench.json                             where the machine-readable figures go
//   --runtime bun|deno|both                            routes: the executable (Bun), the checkout under Deno, or both side by side
//   --db sqlite|postgres                               routes: on a SQLite file (gated on the floors), or on a throwaway Postgres
//   --scenarios scale                                  two instances on one throwaway Postgres: sends/s through one and two,
//                                                      and a reply's delivery from one instance to a stream on the other
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { NO_LIMITS, startServer } from "../helpers/server";
import { runGrowth, type GrowthResult } from "./growth";
import { runRealtime, type RealtimeResult } from "./realtime";
import { prepareRoutes, runRoutes, type RouteResult } from "./routes";
import { median, runTogether, script } from "./wrk";
import { startPostgres, type Postgres } from "../helpers/postgres";

const { values: flags } = parseArgs({
  options: {
    scenarios: { type: "string", default: "routes" },
    routes: { type: "string" },
    seconds: { type: "string", default: "2" },
    repeat: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    streams: { type: "string", default: "1000" },
    rate: { type: "string", default: "200" },
    "rt-seconds": { type: "string", default: "5" },
    size: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "5" },
    json: { type: "string", default: "dist/bench.json" },
    runtime: { type: "string", default: "bun" },
    db: { type: "string", default: "sqlite" },
  },
});
const scenarios = flags.scenarios!.split(",");
const runtimes = (flags.runtime === "both" ? ["bun", "deno"] : [flags.runtime]) as ("bun" | "deno")[];

if (scenarios.includes("routes") && Bun.spawnSync(["which", "wrk"]).exitCode !== 0) {
  console.error("bench: needs wrk, the HTTP load generator (Debian: apt-get install -y wrk)");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "woes-bench-"));
/** ScaleResult is what the scale scenario prints and stores: sends/s through one instance and through two. */
interface ScaleResult {
  one: number;
  two: number;
  runs: { one: number; two: number }[];
  realtime: RealtimeResult;
}

const report: { date: string; cores: number; bun: string; flags: typeof flags; routes?: Partial<Record<"bun" | "deno", RouteResult[]>>; realtime?: RealtimeResult; growth?: GrowthResult; scale?: ScaleResult } = {
  date: new Date().toISOString(),
  cores: navigator.hardwareConcurrency,
  bun: Bun.version,
  flags,
};
let failed = false;

// note: one throwaway cluster for every scenario that runs on Postgres, stopped at the end.
let cluster: Postgres | null = null;
const postgresDatabase = async (name: string) => (await (cluster ??= await startPostgres())).createDatabase(name);
const onPostgres = flags.db === "postgres";

if (scenarios.includes("routes")) {
  report.routes = {};
  for (const runtime of runtimes) {
    const server = await startServer({ args: NO_LIMITS, runtime, db: onPostgres ? await postgresDatabase(`routes_${runtime}`) : undefined });
    try {
      const routes = await prepareRoutes(server, flags.routes?.split(","));
      const seconds = Number(flags.seconds);
      console.log(`\n${runtime === "bun" ? "dist/woes on Bun" : "the checkout on Deno"}${onPostgres ? ", on Postgres (not gated)" : ""}: wrk -t1 -c${flags.connections} -d${seconds}s × ${flags.repeat}, server and baseline on this ${report.cores}-core machine (medians)\n`);
      const results = (report.routes[runtime] = await runRoutes(server, routes, dir, { seconds, connections: Number(flags.connections), repeat: Number(flags.repeat), runtime, gated: runtime === "bun" && !onPostgres }));
      console.log("route        woes req/s   raw req/s   ratio   floor");
      for (const r of results) {
        console.log(`${r.route.padEnd(10)} ${r.woes.toFixed(0).padStart(12)} ${r.raw.toFixed(0).padStart(11)}   ${r.ratio.toFixed(2).padStart(5)}   ${r.floor.toFixed(2)} ${r.ok ? "ok" : "BELOW"}   (runs: ${r.runs.map((x) => x.ratio.toFixed(2)).join(" ")})`);
        if (!r.ok) failed = true;
      }
      const send = results.find((r) => r.route === "send");
      const reply = results.find((r) => r.route === "reply");
      if (runtime === "bun" && !onPostgres && send && reply) {
        const cost = send.woes / reply.woes;
        console.log(`a reply costs ${cost.toFixed(2)}× a customer send (at most 2.00) ${cost <= 2 ? "ok" : "ABOVE"}`);
        if (cost > 2) failed = true;
      }
    } finally {
      await server.stop();
    }
  }
  if (report.routes.bun && report.routes.deno) {
    console.log("\nside by side (req/s, and the ratio to each runtime's own raw server)\n");
    console.log("route        Bun woes  ratio   Deno woes  ratio");
    for (const b of report.routes.bun) {
      const d = report.routes.deno.find((r) => r.route === b.route);
      console.log(`${b.route.padEnd(10)} ${b.woes.toFixed(0).padStart(10)}   ${b.ratio.toFixed(2)}  ${d ? `${d.woes.toFixed(0).padStart(10)}   ${d.ratio.toFixed(2)}` : "         —      —"}`);
    }
  }
}

if (scenarios.includes("realtime")) {
  console.log("\nrealtime");
  const server = await startServer({ args: NO_LIMITS });
  try {
    const r = (report.realtime = await runRealtime(server, { streams: Number(flags.streams), rate: Number(flags.rate), seconds: Number(flags["rt-seconds"]) }));
    console.log(`${r.streams} streams, ${r.rate} replies/s for ${r.seconds} s: delivered ${r.delivered}/${r.sent}, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms`);
    console.log(`server RSS: ${r.rssMb.idle.toFixed(0)} MiB idle, ${r.rssMb.streams.toFixed(0)} MiB with the streams, ${r.rssMb.after.toFixed(0)} MiB after the replies`);
    if (r.delivered < r.sent) failed = true;
  } finally {
    await server.stop();
  }
}

if (scenarios.includes("agents")) {
  console.log("\nagents");
  await (await import("./agents")).benchAgents();
}

if (scenarios.includes("growth")) {
  console.log("\ngrowth");
  const server = await startServer({ args: NO_LIMITS });
  try {
    const g = (report.growth = await runGrowth(server, { size: Number(flags.size), rounds: Number(flags.rounds) }));
    console.log(`${g.messages} messages, ${g.conversations} conversations, ${g.events} events (${g.dbMiB.toFixed(0)} MiB, built in ${g.buildSeconds.toFixed(0)} s)`);
    console.log("query                      p50 ms    max ms");
    for (const q of g.queries) console.log(`${q.name.padEnd(24)} ${q.p50Ms.toFixed(1).padStart(8)} ${q.maxMs.toFixed(1).padStart(9)}`);
    console.log(`worst event-loop stall seen by a /healthz probe meanwhile: ${g.worstStallMs.toFixed(1)} ms (at most 20) ${g.worstStallMs <= 20 ? "ok" : "ABOVE"}`);
    if (g.worstStallMs > 20) failed = true;
  } finally {
    await server.stop();
  }
}

if (scenarios.includes("scale")) {
  console.log("\nscale: two instances on one Postgres database");
  const db = await postgresDatabase("scale");
  const a = await startServer({ args: NO_LIMITS, db });
  const b = await startServer({ args: NO_LIMITS, db });
  // note: the first instance made the workspace; the second serves the same one.
  Object.assign(b, { publicKey: a.publicKey, adminToken: a.adminToken, workspaceId: a.workspaceId });
  try {
    const send = (await prepareRoutes(a, ["send-2000"]))["send-2000"]!;
    const file = script(dir, "scale-send", send);
    const seconds = Number(flags.seconds);
    const connections = Number(flags.connections);
    const runs: ScaleResult["runs"] = [];
    for (let i = 0; i < Number(flags.repeat); i++) {
      const [one] = await runTogether([a.url + send.path], file, seconds, connections);
      // note: the same connections in all, half on each instance, as a load balancer would share them.
      const two = await runTogether([a.url + send.path, b.url + send.path], file, seconds, connections / 2);
      runs.push({ one: one!.rps, two: two.reduce((n, r) => n + r.rps, 0) });
    }
    const realtime = await runRealtime(b, { streams: Number(flags.streams), rate: Number(flags.rate), seconds: Number(flags["rt-seconds"]) }, a);
    const r = (report.scale = { one: median(runs.map((x) => x.one)), two: median(runs.map((x) => x.two)), runs, realtime });
    console.log(`sends into 2 000 conversations: ${r.one.toFixed(0)} req/s through one instance, ${r.two.toFixed(0)} through two (runs: ${runs.map((x) => `${x.one.toFixed(0)}/${x.two.toFixed(0)}`).join(" ")})`);
    console.log(`replies posted to one instance, read on ${realtime.streams} streams of the other: delivered ${realtime.delivered}/${realtime.sent}, p50 ${realtime.p50Ms.toFixed(1)} ms, p99 ${realtime.p99Ms.toFixed(1)} ms, max ${realtime.maxMs.toFixed(1)} ms`);
    if (realtime.delivered < realtime.sent) failed = true;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

await (cluster as Postgres | null)?.stop();
mkdirSync(dirname(flags.json!), { recursive: true });
writeFileSync(flags.json!, JSON.stringify(report, null, 2));
console.log(`\nfigures written to ${flags.json}`);
process.exitCode = failed ? 1 : 0;
