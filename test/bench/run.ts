// `bun run bench`: the built server against a raw Bun.serve baseline, same machine, same run.
//   --scenarios routes,realtime,growth,agents   which to run (default: routes)
//   --routes send,send-2000,history,presence,reply   which routes (default: all)
//   --seconds 2 --repeat 3 --connections 32          wrk per run; ratios are medians of the repeats
//   --streams 1000 --rate 200 --rt-seconds 5          realtime: open streams, replies/s, duration
//   --size 1000000 --rounds 5                          growth: messages (and events), timings per query
//   --json dist/bench.json                             where the machine-readable figures go
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { NO_LIMITS, startServer } from "../helpers/server";
import { runGrowth, type GrowthResult } from "./growth";
import { runRealtime, type RealtimeResult } from "./realtime";
import { prepareRoutes, runRoutes, type RouteResult } from "./routes";

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
  },
});
const scenarios = flags.scenarios!.split(",");

if (scenarios.includes("routes") && Bun.spawnSync(["which", "wrk"]).exitCode !== 0) {
  console.error("bench: needs wrk, the HTTP load generator (Debian: apt-get install -y wrk)");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "woes-bench-"));
const report: { date: string; cores: number; bun: string; flags: typeof flags; routes?: RouteResult[]; realtime?: RealtimeResult; growth?: GrowthResult } = {
  date: new Date().toISOString(),
  cores: navigator.hardwareConcurrency,
  bun: Bun.version,
  flags,
};
let failed = false;

if (scenarios.includes("routes")) {
  const server = await startServer({ args: NO_LIMITS });
  try {
    const routes = await prepareRoutes(server, flags.routes?.split(","));
    const seconds = Number(flags.seconds);
    console.log(`\nwrk -t1 -c${flags.connections} -d${seconds}s × ${flags.repeat}, server and baseline on this ${report.cores}-core machine (medians)\n`);
    report.routes = await runRoutes(server, routes, dir, { seconds, connections: Number(flags.connections), repeat: Number(flags.repeat) });
    console.log("route        woes req/s   raw req/s   ratio   floor");
    for (const r of report.routes) {
      console.log(`${r.route.padEnd(10)} ${r.woes.toFixed(0).padStart(12)} ${r.raw.toFixed(0).padStart(11)}   ${r.ratio.toFixed(2).padStart(5)}   ${r.floor.toFixed(2)} ${r.ok ? "ok" : "BELOW"}   (runs: ${r.runs.map((x) => x.ratio.toFixed(2)).join(" ")})`);
      if (!r.ok) failed = true;
    }
    const send = report.routes.find((r) => r.route === "send");
    const reply = report.routes.find((r) => r.route === "reply");
    if (send && reply) {
      const cost = send.woes / reply.woes;
      console.log(`a reply costs ${cost.toFixed(2)}× a customer send (at most 2.00) ${cost <= 2 ? "ok" : "ABOVE"}`);
      if (cost > 2) failed = true;
    }
  } finally {
    await server.stop();
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

mkdirSync(dirname(flags.json!), { recursive: true });
writeFileSync(flags.json!, JSON.stringify(report, null, 2));
console.log(`\nfigures written to ${flags.json}`);
process.exitCode = failed ? 1 : 0;
