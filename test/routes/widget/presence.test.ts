// POST /api/widget/presence: heartbeats, as JSON or as a text/plain beacon.
import { describe, expect, test } from "bun:test";
import { topics } from "../../../src/realtime/hub";
import { PresenceBook } from "../../../src/routes/widget/presence/book";
import { as, makeWorld, scenarios, type World } from "../../helpers/builders";

const PRESENCE = "/api/widget/presence";
const beat = (w: World, body: unknown) => as(w.a, { path: PRESENCE, body });
const beacon = (body: Record<string, unknown>) => ({ path: PRESENCE, raw: JSON.stringify(body), headers: { "content-type": "text/plain" } });

describe("POST /api/widget/presence", () => {
  scenarios(makeWorld, [
    ...(["active", "idle", "hidden"] as const).map((state) => ({
      name: `state ${state}: {ok, operatorsOnline} and the visitor is online`,
      request: (w: World) => beat(w, { state, page: { url: "https://shop.example/pricing", title: "Pricing" } }),
      status: 200,
      check: (r: any, w: World) => {
        expect(r.json).toEqual({ ok: true, operatorsOnline: 0 });
        expect(w.t.ctx.presence.online(w.t.ws.workspace.id).map((b) => [b.visitorId, b.state, b.pageUrl])).toEqual([[w.a.id, state, "https://shop.example/pricing"]]);
      },
    })),
    {
      name: "state offline: recorded, and the visitor is not online",
      request: (w) => beat(w, { state: "offline" }),
      status: 200,
      check: (_r, w) => expect(w.t.ctx.presence.online(w.t.ws.workspace.id)).toEqual([]),
    },
    {
      name: "operatorsOnline counts operators watching the inbox",
      setup: (w) => {
        w.t.ctx.hub.subscribe(topics.admin(w.t.ws.workspace.id), () => {});
        w.t.ctx.hub.subscribe(topics.admin(w.t.ws.workspace.id), () => {});
        w.t.ctx.hub.subscribe(topics.admin(w.other.workspace.id), () => {});
      },
      request: (w) => beat(w, { state: "active" }),
      status: 200,
      check: (r) => expect(r.json).toEqual({ ok: true, operatorsOnline: 2 }),
    },
    {
      name: "a text/plain beacon with key and token: 200",
      request: (w) => beacon({ key: w.t.ws.publicKey, token: w.a.token, state: "hidden" }),
      status: 200,
      check: (r, w) => {
        expect(r.json).toEqual({ ok: true, operatorsOnline: 0 });
        expect(w.t.ctx.presence.get(w.a.id)?.state).toBe("hidden");
      },
    },
    { name: "a beacon with a token of another workspace: 401", request: (w) => beacon({ key: w.t.ws.publicKey, token: w.c.token, state: "active" }), status: 401, code: "visitor_unauthorized" },
    { name: "an unknown state: 422 naming state", request: (w) => beat(w, { state: "asleep" }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("state") },
    { name: "no state: 422", request: (w) => beat(w, {}), status: 422 },
    { name: "a page url over 2048 characters: 422 naming page.url", request: (w) => beat(w, { state: "active", page: { url: `https://x/${"a".repeat(2048)}` } }), status: 422, check: (r) => expect(r.json.error.field).toBe("page.url") },
    { name: "no token: 401", request: (w) => ({ path: PRESENCE, key: w.t.ws.publicKey, body: { state: "active" } }), status: 401 },
  ]);

  test("a visitor is online for 60 s after its last non-offline heartbeat", async () => {
    const w = await makeWorld();
    await w.t.call(beat(w, { state: "active" }));
    w.t.clock.advance(59_000);
    expect(w.t.ctx.presence.online(w.t.ws.workspace.id)).toHaveLength(1);
    w.t.clock.advance(1_000);
    expect(w.t.ctx.presence.online(w.t.ws.workspace.id)).toHaveLength(0);
    await w.t.call(beat(w, { state: "idle" }));
    expect(w.t.ctx.presence.online(w.t.ws.workspace.id)).toHaveLength(1);
  });

  test("heartbeats reach the database on flush", async () => {
    const w = await makeWorld();
    await w.t.call(beat(w, { state: "active", page: { url: "https://shop.example/" } }));
    await w.t.ctx.presence.flush();
    const { count } = await import("../../helpers/builders");
    expect(await count(w.t, "presence", `visitor_id = '${w.a.id}' and state = 'active'`)).toBe(1);
  });

  test("after a restart, the flushed heartbeats say who is online and on which page", async () => {
    const w = await makeWorld();
    await w.t.call(beat(w, { state: "active", page: { url: "https://shop.example/pricing" } }));
    await w.t.ctx.presence.flush();
    const restarted = new PresenceBook(w.t.store, () => w.t.clock.now(), () => {});
    expect(restarted.online(w.t.ws.workspace.id)).toEqual([]);
    await restarted.load();
    expect(restarted.online(w.t.ws.workspace.id)).toEqual([expect.objectContaining({ visitorId: w.a.id, state: "active", pageUrl: "https://shop.example/pricing" })]);
  });
});
