// POST /api/widget/events: batches of widget events, as JSON or as a text/plain beacon.
import { describe, expect, test } from "bun:test";
import { EVENT_TYPES } from "../../../src/routes/widget/events/model";
import { as, count, makeWorld, scenarios, type World } from "../../helpers/builders";

const EVENTS = "/api/widget/events";
const post = (w: World, body: unknown) => as(w.a, { path: EVENTS, body });
const beacon = (w: World, body: Record<string, unknown>, path = EVENTS) => ({ path, raw: JSON.stringify(body), headers: { "content-type": "text/plain;charset=UTF-8" } });
const many = (n: number) => Array.from({ length: n }, () => ({ type: "launcher_view" }));

describe("POST /api/widget/events", () => {
  scenarios(makeWorld, [
    {
      name: "every known type is accepted: 202 {accepted}",
      request: (w) => post(w, { events: EVENT_TYPES.map((type) => ({ type })) }),
      status: 202,
      check: async (r, w) => {
        expect(r.json).toEqual({ accepted: EVENT_TYPES.length });
        expect(await count(w.t, "event", `visitor_id = '${w.a.id}'`)).toBe(EVENT_TYPES.length);
      },
    },
    {
      name: "an event with page, props, time and the visitor's conversation is stored",
      request: (w) => post(w, { events: [{ type: "widget_open", at: new Date(w.t.clock.now() - 5000).toISOString(), conversationId: w.convA, page: { url: "https://shop.example/" }, props: { source: "launcher", n: 2, ok: true, none: null } }] }),
      status: 202,
      check: async (_r, w) => expect(await count(w.t, "event", `conversation_id = '${w.convA}' and page_url = 'https://shop.example/' and at = ${w.t.clock.now() - 5000}`)).toBe(1),
    },
    {
      name: "a client clock more than a day off is replaced by the server's",
      request: (w) => post(w, { events: [{ type: "widget_close", at: "2001-01-01T00:00:00.000Z" }] }),
      status: 202,
      check: async (_r, w) => expect(await count(w.t, "event", `type = 'widget_close' and at = ${w.t.clock.now()}`)).toBe(1),
    },
    { name: "50 events: accepted", request: (w) => post(w, { events: many(50) }), status: 202, check: (r) => expect(r.json).toEqual({ accepted: 50 }) },
    { name: "51 events: 422 naming events, nothing stored", request: (w) => post(w, { events: many(51) }), status: 422, code: "invalid_field", check: async (r, w) => {
      expect(r.json.error.field).toBe("events");
      expect(await count(w.t, "event")).toBe(0);
    } },
    { name: "no events: 422", request: (w) => post(w, { events: [] }), status: 422, check: (r) => expect(r.json.error.field).toBe("events") },
    { name: "an unknown type: 422 naming events.1.type, nothing stored", request: (w) => post(w, { events: [{ type: "widget_open" }, { type: "page_hijack" }] }), status: 422, code: "invalid_field", check: async (r, w) => {
      expect(r.json.error.field).toBe("events.1.type");
      expect(r.text).not.toContain("page_hijack");
      expect(await count(w.t, "event")).toBe(0);
    } },
    { name: "a timestamp that is not ISO: 422", request: (w) => post(w, { events: [{ type: "widget_open", at: "yesterday" }] }), status: 422, check: (r) => expect(r.json.error.field).toBe("events.0.at") },
    { name: "21 props: 422", request: (w) => post(w, { events: [{ type: "widget_open", props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])) }] }), status: 422 },
    { name: "a prop that is an object: 422", request: (w) => post(w, { events: [{ type: "widget_open", props: { nested: { a: 1 } } }] }), status: 422 },
    {
      name: "an event naming another visitor's conversation: 404, nothing stored",
      request: (w) => post(w, { events: [{ type: "widget_open" }, { type: "survey_view", conversationId: w.convB }] }),
      status: 404,
      code: "conversation_not_found",
      check: async (_r, w) => expect(await count(w.t, "event")).toBe(0),
    },
    { name: "an event naming another workspace's conversation: 404", request: (w) => post(w, { events: [{ type: "survey_view", conversationId: w.convC }] }), status: 404 },
    {
      name: "a text/plain beacon with key and token in the body: 202",
      request: (w) => beacon(w, { key: w.t.ws.publicKey, token: w.a.token, events: [{ type: "widget_close" }] }),
      status: 202,
      check: async (r, w) => {
        expect(r.json).toEqual({ accepted: 1 });
        expect(await count(w.t, "event", `visitor_id = '${w.a.id}' and type = 'widget_close'`)).toBe(1);
      },
    },
    { name: "a beacon without a token: 401", request: (w) => beacon(w, { key: w.t.ws.publicKey, events: [{ type: "widget_close" }] }), status: 401, code: "visitor_unauthorized" },
    { name: "a beacon without a key: 401", request: (w) => beacon(w, { token: w.a.token, events: [{ type: "widget_close" }] }), status: 401, code: "key_required" },
    { name: "a beacon with another workspace's key: 401", request: (w) => beacon(w, { key: w.other.publicKey, token: w.a.token, events: [{ type: "widget_close" }] }), status: 401, code: "visitor_unauthorized" },
    { name: "a beacon that is not JSON: 400 invalid_json", request: () => ({ path: EVENTS, raw: "events=1", headers: { "content-type": "text/plain" } }), status: 400, code: "invalid_json" },
    { name: "a form body: 415", request: (w) => as(w.a, { path: EVENTS, raw: "events=1", headers: { "content-type": "application/x-www-form-urlencoded" } }), status: 415, code: "unsupported_media_type" },
    { name: "text/plain on a route that takes no beacon: 415", request: (w) => beacon(w, { key: w.t.ws.publicKey, token: w.a.token, body: "hi" }, "/api/widget/messages"), status: 415, code: "unsupported_media_type" },
  ]);

  test("the beacon's key and token are never stored as props or echoed", async () => {
    const w = await makeWorld();
    const r = await w.t.call(beacon(w, { key: w.t.ws.publicKey, token: w.a.token, events: [{ type: "launcher_view" }] }));
    expect(r.text).not.toContain(w.a.token);
    expect(await count(w.t, "event", `cast(props as text) like '%${w.a.token}%'`)).toBe(0);
  });
});
