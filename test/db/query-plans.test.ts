// Every statement the app prepares is read through an index: no query scans a big table, and
// no operator query sorts a whole workspace (checked with EXPLAIN QUERY PLAN, so it holds at 1 M rows).
import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { asUser, makeAdminWorld } from "../routes/admin/fixture";
import { conversationOf, openStream, plant, send, visitor } from "../helpers/builders";

// note: every drizzle statement goes through Database#prepare; recording it catches the ones
// prepared at start-up and the ones built per request alike.
const prepared = new Set<string>();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database, sql: string, ...rest: any[]) {
  prepared.add(sql);
  return (prepare as any).call(this, sql, ...rest);
} as typeof prepare;

const BIG = ["message", "conversation", "event", "read_mark", "daily_count", "team_daily", "survey_response", "visitor", "presence", "contact", "operator_unread", "passage"];
const scans = new RegExp(`^SCAN (${BIG.join("|")})\\b`);
// note: sorting a bounded set is fine: one visitor's conversations, the latest of the ≤ 500
// online visitors, a conversation's survey answers (one per kind), one agent's passages that share a word with a question.
const SORT_ALLOWED = [/"conversation"\."visitor_id" = \?/, /"conversation"\."visitor_id" in \(/i, /"survey_response"\."conversation_id" = \?/, /and p\.agent_id = \?\s+order by rank/];

test("every query the widget and operator routes run reads through an index", async () => {
  const w = await makeAdminWorld();
  const t = w.t;
  const acme = t.ws.workspace.id;
  const v = await visitor(t);
  const conv = await conversationOf(t, v, "A question");
  await plant(t, conv, { body: "An answer" });
  await send(t, v, { conversationId: conv, body: "Thanks", clientId: "c-1" });
  const agentId = (await t.admin({ path: `/api/admin/workspaces/${acme}/agents`, body: { name: "Ava" } })).json.agent.id;
  await t.admin({ path: `/api/admin/workspaces/${acme}/agents/${agentId}/sources`, body: { title: "Billing", text: "# Refunds\n\nAnnual plans are refunded within 30 days." } });
  const s = await openStream(t, v);
  await s.until(() => s.of("unread").length > 0);
  await s.close();
  const calls = [
    t.call({ path: "/api/widget/session", key: v.key, token: v.token, body: {} }),
    t.call({ path: `/api/widget/messages?conversation=${conv}&limit=20`, key: v.key, token: v.token }),
    t.call({ path: "/api/widget/messages/read", key: v.key, token: v.token, body: { conversationId: conv } }),
    t.call({ path: "/api/widget/presence", key: v.key, token: v.token, body: { state: "active", page: { url: "https://shop.example/" } } }),
    t.call({ path: "/api/widget/events", key: v.key, token: v.token, body: { events: [{ type: "launcher_view" }, { type: "widget_open", conversationId: conv }] } }),
    t.admin({ path: `/api/admin/conversations?workspace=${acme}` }),
    t.admin({ path: `/api/admin/conversations?workspace=${acme}&status=open&limit=1` }),
    t.admin({ path: "/api/admin/conversations" }),
    t.admin({ path: `/api/admin/conversations/${conv}` }),
    t.admin({ path: `/api/admin/conversations/${conv}/messages`, body: { body: "Reply" } }),
    t.admin({ path: `/api/admin/conversations?workspace=${acme}&assignee=none` }),
    t.admin({ path: `/api/admin/conversations?workspace=${acme}&status=snoozed&tag=billing` }),
    t.call(asUser(w.owner, { path: `/api/admin/conversations/${conv}`, method: "PATCH", body: { tags: ["billing"] } })),
    t.call(asUser(w.owner, { path: `/api/admin/conversations/${conv}/snooze`, body: { until: "2026-12-30T09:00:00Z" } })),
    t.call(asUser(w.owner, { path: `/api/admin/conversations?assignee=me&status=open` })),
    t.call(asUser(w.owner, { path: `/api/admin/conversations/${conv}/assign`, body: { accountId: w.admin.id } })),
    t.call(asUser(w.owner, { path: `/api/admin/conversations/${conv}/seen`, body: {} })),
    t.call(asUser(w.owner, { path: `/api/console/me/unread?workspace=${acme}&except=${conv}` })),
    t.admin({ path: `/api/admin/conversations/${conv}/close`, method: "POST" }),
    t.admin({ path: `/api/admin/visitors/online?workspace=${acme}` }),
    t.admin({ path: `/api/admin/stats?workspace=${acme}` }),
    t.admin({ path: `/api/admin/stats?workspace=${acme}&from=2026-11-20T06:00:00Z&to=2026-11-24T18:00:00Z` }),
    t.admin({ path: `/api/admin/stats?workspace=${acme}&from=2025-10-22&to=2026-11-24` }),
    t.admin({ path: `/api/admin/search?q=answer&workspace=${acme}` }),
    t.admin({ path: "/api/admin/search?q=thank" }),
    t.admin({ path: `/api/admin/workspaces/${acme}/agents/${agentId}/try`, body: { question: "Are annual plans refunded?" } }),
    t.admin({ path: `/api/admin/search?q=an%20answ&workspace=${acme}` }),
  ];
  for (const r of calls) expect((await r).status).toBeLessThan(300);
  // note: the heartbeats' flush and load run on timers (src/main.ts), not in a route.
  await t.ctx.presence.flush();
  await t.ctx.presence.load();
  const page = await t.admin({ path: `/api/admin/conversations?workspace=${acme}&limit=1` });
  const newest = await t.admin({ path: `/api/admin/conversations/${conv}?limit=1` });
  expect((await t.admin({ path: `/api/admin/conversations/${conv}?limit=1&before=${newest.json.conversation.olderCursor}` })).status).toBe(200);
  expect((await t.admin({ path: `/api/admin/conversations?workspace=${acme}&limit=1&after=${page.json.nextCursor}` })).status).toBe(200);

  const client = (t.store.db as any).$client as Database;
  const bad: string[] = [];
  let checked = 0;
  for (const sql of prepared) {
    // note: hand-written SQL (search, the search indexer) names tables unquoted and often by an alias.
    const aliases = new Map([...sql.matchAll(/\b(?:from|join)\s+(\w+)\s+(?:as\s+)?(\w+)/gi)].map((m) => [m[2]!, m[1]!]));
    const named = (table: string) => sql.includes(`"${table}"`) || new RegExp(`\\b(from|join|into|update)\\s+${table}\\b`, "i").test(sql);
    if (!/^\s*(select|with|update|delete|insert)/i.test(sql) || !BIG.some(named)) continue;
    checked++;
    const plan = client.query(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
    for (const { detail } of plan) {
      const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
      if (scans.test(detail) || (scanned && BIG.includes(aliases.get(scanned) ?? ""))) bad.push(`${detail}\n    in ${sql}`);
      // note: an index searched by workspace alone reads the whole workspace, a scan by another name.
      if (/^SEARCH \w+ USING (COVERING )?INDEX \w+ \(workspace_id=\?\)$/.test(detail)) bad.push(`${detail}\n    in ${sql}`);
      if (/TEMP B-TREE FOR ORDER BY/.test(detail) && !SORT_ALLOWED.some((re) => re.test(sql))) bad.push(`${detail}\n    in ${sql}`);
    }
  }
  expect(checked).toBeGreaterThan(30);
  expect(bad).toEqual([]);

  // note: the assignee index holds assigned conversations only (so a message into an unassigned one moves no entry of
  // it): Mine must still read it, and Unassigned reads the inbox index, in its order.
  const planOf = (filter: RegExp) => {
    const sql = [...prepared].find((s) => filter.test(s) && /order by "conversation"."updated_at" desc/i.test(s))!;
    return (client.query(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join("\n");
  };
  expect(planOf(/"conversation"."assignee_id" = \?/)).toContain("USING INDEX conversation_assignee");
  expect(planOf(/"conversation"."assignee_id" is null/i)).toContain("USING INDEX conversation_inbox");
});
