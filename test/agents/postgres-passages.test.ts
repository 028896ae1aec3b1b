// Passage search on Postgres (db/pg/migrations/0004_passage_search.sql), whichever engine the other suites run on:
// passages written before the migration ran are found as those written after it, and go with their source.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { agents, agentSources, passages } from "../../db/schema";
import type { Store } from "../../db/store";
import { PostgresRetriever } from "../../src/agents/postgres-retriever";
import { MATCH_THRESHOLD } from "../../src/agents/retriever";
import { splitPassages } from "../../src/agents/text";
import { createWorkspace } from "../../src/domain/workspaces";
import { postgresMigrations } from "../../src/platform/embedded";
import { migratePostgres, openPostgresStore } from "../../src/platform/postgres";
import { sharedPostgres } from "../helpers/postgres";
import { roomyTimeouts } from "../helpers/timeouts";
import { docText } from "./kit";

roomyTimeouts();

let url: string;
let store: Store;
beforeAll(async () => {
  url = await (await sharedPostgres()).createDatabase("passage_words");
  const before = postgresMigrations.filter((m) => m.tag !== "0004_passage_search");
  expect(await migratePostgres(url, before)).toEqual(before.map((m) => m.tag));
  store = openPostgresStore(url, { max: 2 });
});
// note: the cluster is the run's shared one, which the suites on Postgres (WOES_TEST_DB=postgres) go on using; it stops
// when the run ends.
afterAll(async () => {
  await store?.close();
});

/** attach gives a new agent of workspace ws the account docs as one source; answers the agent's and the source's ids. */
async function attach(ws: string, name: string) {
  const agent = `agt_${name}`;
  const source = `src_${name}`;
  const parts = splitPassages(docText("account.md"), "account");
  await store.write(async (tx) => {
    await tx.insert(agents).values({ id: agent, workspaceId: ws, name, createdAt: 0 }).run();
    await tx.insert(agentSources).values({ id: source, workspaceId: ws, agentId: agent, title: "account", url: null, chars: 1, chunks: parts.length, createdAt: 0 }).run();
    await tx.insert(passages).values(parts.map((p) => ({ sourceId: source, agentId: agent, heading: p.heading, text: p.text }))).run();
  });
  return { agent, source, passages: parts.length };
}

const indexedOf = async (agent: string) => Number((await store.db.all<{ n: number }>(sql`select count(*) as n from passage_words where agent_id = ${agent}`))[0]!.n);

test("passages written before the migration are found as those written after it; a source's go with it", async () => {
  const ws = (await createWorkspace(store, "Acme", 0)).workspace.id;
  const early = await attach(ws, "early");
  expect(await migratePostgres(url, postgresMigrations)).toEqual(["0004_passage_search"]);
  const late = await attach(ws, "late");
  expect([await indexedOf(early.agent), await indexedOf(late.agent)]).toEqual([early.passages, late.passages]);

  const retriever = new PostgresRetriever(store.db);
  const found = async (agent: string) => (await retriever.search(agent, "I forgot my password", 4)).map((p) => [p.sourceId.slice(4), p.heading, p.score]);
  const before = await found(early.agent);
  expect(before[0]).toEqual(["early", "Account and sign-in › Resetting your password", expect.any(Number)]);
  expect(before[0]![2]).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  expect((await found(late.agent)).map(([, ...rest]) => rest)).toEqual(before.map(([, ...rest]) => rest));

  await store.write((tx) => tx.delete(agentSources).where(eq(agentSources.id, early.source)).run());
  expect([await indexedOf(early.agent), await found(early.agent)]).toEqual([0, []]);
  expect((await found(late.agent))[0]).toEqual(["late", "Account and sign-in › Resetting your password", before[0]![2]]);
});
