// Agents' retrieval benchmark: passages indexed per second and search latency at 10 000 passages,
// in-process over a SQLite file (the same FTS5 index the server uses).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { defaultConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { createAdminToken, createWorkspace } from "../../src/domain/workspaces";
import { openStore } from "../../src/platform/bun/sqlite";

const PASSAGES = 10_000;
const QUERIES = 300;

// note: a Zipf-like vocabulary, so some words are common and most are rare, as in real docs.
const VOCAB = Array.from({ length: 6000 }, (_, i) => `w${i.toString(36)}x`);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)]!;
const sentence = (n: number) => Array.from({ length: n }, word).join(" ");

/** benchAgents prints passages indexed per second and search latency (median, p95) at 10 000 passages. */
export async function benchAgents() {
  const dir = mkdtempSync(join(tmpdir(), "woes-bench-agents-"));
  const store = openStore(join(dir, "bench.db"));
  try {
    const ctx = createContext({ store, config: defaultConfig(), log: () => {} });
    const app = createApp(ctx);
    const ws = await createWorkspace(store, "Bench", Date.now());
    const { token } = await createAdminToken(store, { name: "bench" }, Date.now());
    const call = async (path: string, body: unknown) =>
      (await app.handle(new Request(`http://localhost${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }))).json() as Promise<any>;
    const { agent } = await call(`/api/admin/workspaces/${ws.workspace.id}/agents`, { name: "Bench" });
    // note: 100 sources of 100 sections each; a section is one passage of about 80 words.
    const started = performance.now();
    let indexed = 0;
    for (let s = 0; s < PASSAGES / 100; s++) {
      const text = Array.from({ length: 100 }, (_, i) => `## Section ${s}-${i} ${sentence(3)}\n\n${sentence(80)}`).join("\n\n");
      indexed += (await call(`/api/admin/workspaces/${ws.workspace.id}/agents/${agent.id}/sources`, { title: `Doc ${s}`, text })).chunks;
    }
    const indexSeconds = (performance.now() - started) / 1000;
    const times: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const t0 = performance.now();
      await ctx.agents.retriever.search(agent.id, `how do I ${sentence(2 + (q % 5))}?`, 4);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`\nagents: ${indexed} passages indexed at ${(indexed / indexSeconds).toFixed(0)} passages/s (${indexSeconds.toFixed(1)} s)`);
    console.log(`agents: retrieval over ${indexed} passages: median ${times[QUERIES >> 1]!.toFixed(2)} ms, p95 ${times[Math.floor(QUERIES * 0.95)]!.toFixed(2)} ms (${QUERIES} questions of 2 to 6 words)`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchAgents();
