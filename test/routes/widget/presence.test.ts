// POST /api/widget/presence: heartbeats, as JSON or as a text/plain beacon.
import { describe, expect, test } from "bun:test";
import { topics } from "../../../src/realtime/hub";
import { FLUSH_ROWS, GOODBYE_MS, PresenceBook, type Beat } from "../../../src/routes/widget/presence/book";
import { count } from "../../helpers/builders";
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

  test("a closing page's hidden beacon taken after its offline one leaves the visitor offline; a hidden 2 s on is a page still open", async () => {
    const w = await makeWorld();
    const online = () => w.t.ctx.presence.online(w.t.ws.workspace.id).map((b) => b.state);
    await w.t.call(beat(w, { state: "active" }));
    await w.t.call(beacon({ key: w.t.ws.publicKey, token: w.a.token, state: "offline" }));
    w.t.clock.advance(300);
    await w.t.call(beacon({ key: w.t.ws.publicKey, token: w.a.token, state: "hidden" }));
    expect(online()).toEqual([]);
    w.t.clock.advance(GOODBYE_MS);
    await w.t.call(beacon({ key: w.t.ws.publicKey, token: w.a.token, state: "hidden" }));
    expect(online()).toEqual(["hidden"]);
  });

  test("a goodbye's two beacons taken by two instances end offline on both, in either order", () => {
    const t = 1_800_000_000_000;
    const book = (now: number) => new PresenceBook(null as never, () => now, () => {});
    const at = (state: Beat["state"], lastSeenAt: number): Beat => ({ visitorId: "v1", workspaceId: "ws1", state, pageUrl: null, lastSeenAt });
    // note: this instance took the hidden beacon; the offline one, seen 200 ms earlier elsewhere, arrives over the bus.
    const first = book(t);
    first.beat({ visitorId: "v1", workspaceId: "ws1", state: "hidden", pageUrl: null });
    first.absorb(at("offline", t - 200));
    expect(first.online("ws1")).toEqual([]);
    // note: this one took the offline beacon; the hidden one, seen 200 ms later elsewhere, arrives next, and is no return.
    const second = book(t);
    second.beat({ visitorId: "v1", workspaceId: "ws1", state: "offline", pageUrl: null });
    second.absorb(at("hidden", t + 200));
    expect(second.online("ws1")).toEqual([]);
    // note: a hidden tab's beat well after the goodbye is a page of the visitor's still open.
    second.absorb(at("hidden", t + GOODBYE_MS));
    expect(second.online("ws1").map((b) => b.state)).toEqual(["hidden"]);
  });

  test("heartbeats reach the database on flush", async () => {
    const w = await makeWorld();
    await w.t.call(beat(w, { state: "active", page: { url: "https://shop.example/" } }));
    await w.t.ctx.presence.flush();
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

  test("a flush of more heartbeats than one write takes stores every one, and the event loop turns between its writes", async () => {
    const w = await makeWorld();
    const book = w.t.ctx.presence;
    const n = 2 * FLUSH_ROWS + 1;
    for (let i = 0; i < n; i++) book.beat({ visitorId: `vis_many${i}`, workspaceId: w.t.ws.workspace.id, state: "active", pageUrl: null });
    // note: counts the turns of the event loop while the flush runs; one long write would have let it turn about once.
    let turns = 0;
    let flushing = true;
    const turn = () => {
      turns++;
      if (flushing) setImmediate(turn);
    };
    setImmediate(turn);
    await book.flush();
    flushing = false;
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(await count(w.t, "presence", "visitor_id like 'vis_many%'")).toBe(n);
  });

  test("a later load takes what other instances stored since the one before (a flush late), not the last ten minutes again", async () => {
    const w = await makeWorld();
    const ws = w.t.ws.workspace.id;
    const book = new PresenceBook(w.t.store, () => w.t.clock.now(), () => {});
    const firstLoad = w.t.clock.now();
    await book.load();
    // note: another instance's heartbeats, each stored by a book whose clock says when it was seen.
    const seenAt = async (visitorId: string, at: number) => {
      const other = new PresenceBook(w.t.store, () => at, () => {});
      other.beat({ visitorId, workspaceId: ws, state: "active", pageUrl: null });
      await other.flush();
    };
    await seenAt("vis_before_first_load", firstLoad - 3_000); // seen just before the first load, stored after it
    await seenAt("vis_long_ago", firstLoad - 5 * 60_000); // within ten minutes, but stored long before the first load
    w.t.clock.advance(5_000);
    await book.load();
    expect(book.get("vis_before_first_load")?.lastSeenAt).toBe(firstLoad - 3_000);
    expect(book.get("vis_long_ago")).toBeUndefined();
  });
});
