// Stats read whole days from the daily counts and partial days from the rows: any range
// answers what the rows say, and a database from before the counts gets them on migration.
import { expect, test } from "bun:test";
import { migrate } from "../../../db/migrate";
import { migrations } from "../../../src/platform/embedded";
import { makeApp } from "../../helpers/app";
import { conversationOf, visitor } from "../../helpers/builders";
import { platform } from "../../helpers/platform";
import { sqliteRunner } from "../../helpers/migrations";

const at = (s: string) => Date.parse(s);

test("any range, whole days or cut mid-day, counts exactly the events and conversations inside it, also after an erase", async () => {
  const t = await makeApp();
  let happenings: { at: number; type: string; visitor: string }[] = [];
  const plan = [
    { when: "2026-11-20T06:00:00Z", events: ["launcher_view", "launcher_view"], conversation: false },
    { when: "2026-11-21T23:30:00Z", events: ["widget_open"], conversation: true },
    { when: "2026-11-22T00:30:00Z", events: ["launcher_view", "launcher_view", "launcher_view"], conversation: true },
    { when: "2026-11-23T12:00:00Z", events: ["widget_open", "launcher_view"], conversation: false },
    { when: "2026-11-24T12:00:00Z", events: ["launcher_view"], conversation: true },
  ];
  for (const p of plan) {
    t.clock.t = at(p.when);
    const v = await visitor(t);
    const r = await t.call({ path: "/api/widget/events", key: v.key, token: v.token, body: { events: p.events.map((type) => ({ type })) } });
    expect(r.status).toBe(202);
    for (const type of p.events) happenings.push({ at: t.clock.t, type, visitor: v.id });
    if (p.conversation) {
      await conversationOf(t, v);
      happenings.push({ at: t.clock.t, type: "started", visitor: v.id });
    }
  }
  await expectRanges();
  // note: an erased visitor's conversation and events leave the whole days too, not only the rows partial days count.
  const erased = happenings.find((h) => h.at === at("2026-11-22T00:30:00Z"))!.visitor;
  expect((await t.admin({ method: "DELETE", path: `/api/admin/visitors/${erased}` })).status).toBe(204);
  happenings = happenings.filter((h) => h.visitor !== erased);
  await expectRanges();

  async function expectRanges() {
    const ranges = [
      ["2026-11-20", "2026-11-24"],
      ["2026-11-20T07:00:00Z", "2026-11-22T00:15:00Z"],
      ["2026-11-21T23:00:00Z", "2026-11-22T01:00:00Z"],
      ["2026-11-22T00:00:00Z", "2026-11-24T12:00:00Z"],
      ["2026-11-19T18:00:00Z", "2026-11-24T12:00:01Z"],
    ];
    for (const [from, to] of ranges) {
      const r = await t.admin({ path: `/api/admin/stats?workspace=${t.ws.workspace.id}&from=${from}&to=${to}` });
      expect(r.status).toBe(200);
      const lo = Date.parse(r.json.from);
      const hi = Date.parse(r.json.to);
      const inside = (type: string) => happenings.filter((h) => h.type === type && h.at >= lo && h.at < hi).length;
      expect({ range: [from, to], totals: r.json.totals, opens: r.json.events.widget_open }).toEqual({
        range: [from, to],
        totals: { launcherViews: inside("launcher_view"), opens: inside("widget_open"), conversationsStarted: inside("started") },
        opens: inside("widget_open"),
      });
      for (const d of r.json.daily) {
        const day = Date.parse(d.date);
        const within = (type: string) => happenings.filter((h) => h.type === type && h.at >= Math.max(lo, day) && h.at < Math.min(hi, day + 86_400_000)).length;
        expect(d).toEqual({ date: d.date, launcherViews: within("launcher_view"), opens: within("widget_open"), conversationsStarted: within("started") });
      }
    }
  }
});

test("migrating a database from before the daily counts fills them from its rows", () => {
  const store = platform.openStore(":memory:", { migrate: false });
  const { exec, all } = sqliteRunner(store);
  const sqlite = { exec, query: (s: string) => ({ all: () => all(s) }) };
  const transaction = (fn: () => void) => {
    exec("BEGIN");
    try {
      fn();
      exec("COMMIT");
    } catch (error) {
      exec("ROLLBACK");
      throw error;
    }
  };
  const runner = { exec, all, transaction };
  const before = migrations.findIndex((m) => m.tag === "0005_scale");
  migrate(runner, migrations.slice(0, before));
  sqlite.exec("INSERT INTO workspace (id, name, settings) VALUES ('ws_a', 'A', '{}')");
  sqlite.exec("INSERT INTO visitor (id, workspace_id, token_hash) VALUES ('vis_a', 'ws_a', 'h')");
  const day = at("2026-11-20T00:00:00Z");
  for (const [i, [offset, type]] of ([[1, "launcher_view"], [2, "launcher_view"], [86_400_000 + 5, "widget_open"]] as const).entries()) {
    sqlite.exec(`INSERT INTO event (workspace_id, visitor_id, type, at) VALUES ('ws_a', 'vis_a', '${type}', ${day + offset + i})`);
  }
  sqlite.exec(`INSERT INTO conversation (id, seq, workspace_id, visitor_id, kind, status, created_at, updated_at) VALUES ('conv_a', 1, 'ws_a', 'vis_a', 'chat', 'open', ${day + 7}, ${day + 7})`);
  migrate(runner, migrations);
  const rows = sqlite.query("SELECT kind, day, n FROM daily_count ORDER BY day, kind").all();
  const d = day / 86_400_000;
  expect(rows).toEqual([
    { kind: "conversations", day: d, n: 1 },
    { kind: "launcher_view", day: d, n: 2 },
    { kind: "widget_open", day: d + 1, n: 1 },
  ]);
});
