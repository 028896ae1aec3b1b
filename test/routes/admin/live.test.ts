// The inbox stream, visitors online, a conversation's full detail, and the stats figures.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { adminTokens, memberships } from "../../../db/schema";
import { closeSession } from "../../../src/accounts/sessions";
import { topics } from "../../../src/realtime/hub";
import { BUG_FORM, conversationOf, hmac, scenarios, send, visitor } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld, openSse, type AdminWorld } from "./fixture";
import { sleep } from "../../runtime/neutral";

type W = AdminWorld;
const STREAM = "/api/admin/conversations/stream";
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const beat = (w: W, v: { key: string; token: string }, url: string) => w.t.call({ path: "/api/widget/presence", key: v.key, token: v.token, body: { state: "active", page: { url } } });
const events = (w: W, v: { key: string; token: string }, types: string[]) => w.t.call({ path: "/api/widget/events", key: v.key, token: v.token, body: { events: types.map((type) => ({ type })) } });

describe("inbox stream", () => {
  test("erasing a visitor tells operators of each conversation that went, so their inboxes read again", async () => {
    const w = await makeAdminWorld();
    const v = await visitor(w.t);
    const id = await conversationOf(w.t, v, "Please delete my data");
    const all = await openSse(w.t, { path: STREAM, headers: bearer(w.t.adminToken) });
    expect((await w.t.admin({ method: "DELETE", path: `/api/admin/visitors/${v.id}` })).status).toBe(204);
    await all.until(() => all.events.some((e) => e.event === "conversation" && e.data.conversation.id === id));
    expect((await w.t.admin({ path: `/api/admin/conversations/${id}` })).status).toBe(404);
    expect(JSON.stringify(all.events)).not.toContain("Please delete my data");
    await all.close();
  });

  test("operators hear replies, notes and status changes of their workspaces only; one listener per workspace", async () => {
    const w = await makeAdminWorld();
    const all = await openSse(w.t, { path: STREAM, headers: bearer(w.t.adminToken) });
    const globex = await openSse(w.t, { path: STREAM, headers: bearer(w.globexToken) });
    expect(all.res.headers.get("content-type")).toContain("text/event-stream");
    expect(w.t.ctx.hub.listeners(topics.admin(w.acme))).toBe(1);
    expect(w.t.ctx.hub.listeners(topics.admin(w.other.workspace.id))).toBe(2);
    await w.t.admin({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "STREAMED_NOTE", internal: true } });
    await w.t.admin({ path: `/api/admin/conversations/${w.convA}/close`, method: "POST" });
    await send(w.t, { key: w.c.key, token: w.c.token, id: w.c.id, session: null }, { conversationId: w.convC, body: "GLOBEX_FOLLOW_UP" });
    await all.until(() => all.events.filter((e) => e.event !== "ready").length >= 3);
    await globex.until(() => globex.events.some((e) => e.event === "message"));
    const note = all.events.find((e) => e.event === "message" && e.data.conversationId === w.convA)!;
    expect(note.data).toMatchObject({ conversationId: w.convA, workspaceId: w.acme, message: { body: "STREAMED_NOTE", internal: true, author: { kind: "operator", name: "Support" } } });
    expect(all.events.find((e) => e.event === "conversation")!.data).toEqual({ conversation: expect.objectContaining({ id: w.convA, status: "closed" }) });
    expect(JSON.stringify(globex.events)).not.toContain("STREAMED_NOTE");
    expect(JSON.stringify(globex.events)).not.toContain(w.convA);
    expect(JSON.stringify(all.events)).not.toMatch(/operatorRef|user:|seq/);
    await all.close();
    await globex.close();
    expect(w.t.ctx.hub.listeners(topics.admin(w.acme))).toBe(0);
  });

  test("?workspace= narrows the stream; another workspace is 404, and no credentials 401", async () => {
    const w = await makeAdminWorld();
    const one = await openSse(w.t, { path: `${STREAM}?workspace=${w.other.workspace.id}`, headers: bearer(w.t.adminToken) });
    expect(w.t.ctx.hub.listeners(topics.admin(w.acme))).toBe(0);
    expect(w.t.ctx.hub.listeners(topics.admin(w.other.workspace.id))).toBe(1);
    await one.close();
    const denied = await openSse(w.t, { path: `${STREAM}?workspace=${w.acme}`, headers: bearer(w.globexToken) });
    expect(denied.res.status).toBe(404);
    expect(w.t.ctx.hub.listeners(topics.admin(w.acme))).toBe(0);
    expect((await openSse(w.t, { path: STREAM })).res.status).toBe(401);
  });

  test("a stream ends once its caller loses the workspace: membership removed, signed out, token revoked", async () => {
    const w = await makeAdminWorld({ heartbeatMs: 50 });
    const listening = () => w.t.ctx.hub.listeners(topics.admin(w.acme));
    /** ends cuts one caller off and waits until only `left` streams listen (fails after 2 s). */
    const ends = async (cut: () => Promise<unknown>, left: number) => {
      await cut();
      const start = Date.now();
      while (listening() !== left) {
        if (Date.now() - start > 2000) throw new Error(`${listening()} streams still listening, expected ${left}`);
        await sleep(10);
      }
    };
    const opal = await openSse(w.t, asUser(w.operator, { path: STREAM }, { csrf: null, origin: null }));
    const olive = await openSse(w.t, asUser(w.owner, { path: STREAM }, { csrf: null, origin: null }));
    expect(listening()).toBe(2);
    await ends(() => w.t.store.write((tx) => tx.delete(memberships).where(eq(memberships.userId, w.operator.id)).run()), 1);
    await ends(() => closeSession(w.t.store, w.owner.cookie.split("=")[1]!), 0);
    const token = await openSse(w.t, { path: STREAM, headers: bearer(w.t.adminToken) });
    expect(listening()).toBe(1);
    await ends(async () => {
      await w.t.store.write((tx) => tx.update(adminTokens).set({ revokedAt: w.t.clock.now() }).run());
      w.t.clock.advance(10_000); // past the token cache
    }, 0);
    await Promise.all([opal.close(), olive.close(), token.close()]);
  });

  test("a change after the caller lost the workspace is not delivered, even before the next heartbeat", async () => {
    const w = await makeAdminWorld({ heartbeatMs: 60_000 });
    const listening = () => w.t.ctx.hub.listeners(topics.admin(w.acme));
    const opal = await openSse(w.t, asUser(w.operator, { path: STREAM }, { csrf: null, origin: null }));
    const ada = { key: w.a.key, token: w.a.token, id: w.a.id, session: null };
    await send(w.t, ada, { conversationId: w.convA, body: "WHILE_A_MEMBER" });
    await opal.until(() => opal.events.some((e) => e.event === "message"));
    await w.t.store.write((tx) => tx.delete(memberships).where(eq(memberships.userId, w.operator.id)).run());
    await send(w.t, ada, { conversationId: w.convA, body: "AFTER_REMOVAL" });
    const start = Date.now();
    while (listening() !== 0) {
      if (Date.now() - start > 2000) throw new Error("the removed operator's stream still listens");
      await sleep(10);
    }
    expect(JSON.stringify(opal.events)).toContain("WHILE_A_MEMBER");
    expect(JSON.stringify(opal.events)).not.toContain("AFTER_REMOVAL");
    await opal.close();
  });

  test("a console user's stream counts as an operator online for the widget", async () => {
    const w = await makeAdminWorld();
    const s = await openSse(w.t, asUser(w.operator, { path: STREAM }, { csrf: null, origin: null }));
    const r = await w.t.call({ path: "/api/widget/presence", key: w.a.key, token: w.a.token, body: { state: "active" } });
    expect(r.json.operatorsOnline).toBe(1);
    await s.close();
  });
});

describe("visitors online", () => {
  scenarios(makeAdminWorld, [
    {
      name: "online visitors with names, pages and verification",
      setup: async (w: W) => {
        await beat(w, w.a, "https://shop.example/pricing");
        await beat(w, w.c, "https://globex.example/");
      },
      request: (w: W) => asToken(w.t.adminToken, { path: `/api/admin/visitors/online?workspace=${w.acme}` }),
      status: 200,
      notExpectedContent: ["globex.example", "Cyd"],
      check: (r, w) =>
        expect(r.json.visitors).toEqual([
          { id: w.a.id, name: "Ada", email: "ada@example.com", company: null, verified: false, online: true, userId: null, state: "active", page: { url: "https://shop.example/pricing" }, lastSeenAt: "2026-11-24T12:00:00.000Z", locale: null, conversationId: w.convA },
        ]),
    },
    { name: "Acme's visitors with the Globex token: 404", setup: (w: W) => beat(w, w.a, "https://shop.example/"), request: (w: W) => asToken(w.globexToken, { path: `/api/admin/visitors/online?workspace=${w.acme}` }), status: 404, notExpectedContent: ["Ada", "shop.example"] },
    { name: "no workspace: 422", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/visitors/online" }), status: 422 },
    {
      name: "a visitor silent for a minute is not online",
      setup: async (w: W) => {
        await beat(w, w.a, "https://shop.example/");
        w.t.clock.advance(60_000);
      },
      request: (w: W) => asToken(w.t.adminToken, { path: `/api/admin/visitors/online?workspace=${w.acme}` }),
      status: 200,
      check: (r) => expect(r.json.visitors).toEqual([]),
    },
  ]);
});

describe("conversation detail", () => {
  test("a verified visitor's ticket: fields, form answers, survey, presence and page", async () => {
    const w = await makeAdminWorld();
    await w.t.admin({ method: "PATCH", path: `/api/admin/workspaces/${w.acme}`, body: { settings: { ticketForms: [BUG_FORM], survey: "csat" } } });
    const v = await visitor(w.t, { identity: { email: "vic@example.com", name: "Vic", company: "Initrode", email_hash: await hmac(w.t.ws.identitySecret, "vic@example.com") } });
    const r = await send(w.t, v, { body: "Checkout fails", fields: { plan: "pro" }, ticket: { form: "bug_report", fields: { subject: "Checkout error", severity: "high" } } });
    const id = r.json.conversation.id as string;
    await w.t.call({ path: "/api/widget/csat", key: v.key, token: v.token, body: { conversationId: id, kind: "csat", score: 4, comment: "Fast" } });
    await beat(w, v, "https://shop.example/checkout");
    const d = (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation;
    expect(d).toMatchObject({
      kind: "ticket",
      fields: { plan: "pro" },
      ticket: { form: "bug_report", title: "Report a bug", fields: { subject: "Checkout error", severity: "high" } },
      surveys: [{ kind: "csat", score: 4, comment: "Fast" }],
      survey: { kind: "csat", score: 4, comment: "Fast" },
      visitor: { id: v.id, name: "Vic", email: "vic@example.com", company: "Initrode", verified: true, online: true, state: "active", page: { url: "https://shop.example/checkout" } },
    });
    const inbox = (await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}` })).json.conversations;
    expect(inbox.find((c: any) => c.id === id)).toMatchObject({ kind: "ticket", ticketForm: "bug_report", fields: { plan: "pro" }, visitor: { verified: true, online: true } });
  });
});

describe("stats", () => {
  test("events by type, conversations started, CSAT and NPS, scoped to the workspace and range", async () => {
    const w = await makeAdminWorld();
    await events(w, w.a, ["launcher_view", "launcher_view", "widget_open", "conversation_start"]);
    await events(w, w.c, ["launcher_view", "widget_open"]);
    await w.t.admin({ method: "PATCH", path: `/api/admin/workspaces/${w.acme}`, body: { settings: { survey: "nps" } } });
    for (const score of [10, 9, 8, 3]) {
      const v = await visitor(w.t);
      const id = await conversationOf(w.t, v);
      await w.t.call({ path: "/api/widget/csat", key: v.key, token: v.token, body: { conversationId: id, kind: "nps", score } });
    }
    const r = await w.t.admin({ path: `/api/admin/stats?workspace=${w.acme}&from=2026-11-23&to=2026-11-24` });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      workspaceId: w.acme,
      from: "2026-11-23T00:00:00.000Z",
      to: "2026-11-25T00:00:00.000Z",
      events: { launcher_view: 2, widget_open: 1, conversation_start: 1, widget_close: 0 },
      totals: { launcherViews: 2, opens: 1, conversationsStarted: 5 },
      daily: [
        { date: "2026-11-23", launcherViews: 0, opens: 0, conversationsStarted: 0 },
        { date: "2026-11-24", launcherViews: 2, opens: 1, conversationsStarted: 5 },
      ],
      csat: { count: 0, average: null },
      nps: { count: 4, score: 25, promoters: 2, passives: 1, detractors: 1 },
    });
    expect(r.json.nps.distribution).toMatchObject({ "10": 1, "9": 1, "8": 1, "3": 1, "0": 0 });
    const earlier = await w.t.admin({ path: `/api/admin/stats?workspace=${w.acme}&from=2026-11-01&to=2026-11-23` });
    expect(earlier.json.totals).toEqual({ launcherViews: 0, opens: 0, conversationsStarted: 0 });
  });

  test("CSAT average and distribution", async () => {
    const w = await makeAdminWorld();
    await w.t.admin({ method: "PATCH", path: `/api/admin/workspaces/${w.acme}`, body: { settings: { survey: "csat" } } });
    for (const score of [5, 4, 4, 1]) {
      const v = await visitor(w.t);
      await w.t.call({ path: "/api/widget/csat", key: v.key, token: v.token, body: { conversationId: await conversationOf(w.t, v), kind: "csat", score } });
    }
    const r = await w.t.admin({ path: `/api/admin/stats?workspace=${w.acme}` });
    expect(r.json.csat).toEqual({ count: 4, average: 3.5, distribution: { "1": 1, "2": 0, "3": 0, "4": 2, "5": 1 } });
    expect(r.json.daily).toHaveLength(30);
    expect(r.json.daily.at(-1).date).toBe("2026-11-24");
  });

  scenarios(makeAdminWorld, [
    { name: "stats of Acme with the Globex token: 404", request: (w: W) => asToken(w.globexToken, { path: `/api/admin/stats?workspace=${w.acme}` }), status: 404, code: "workspace_not_found" },
    { name: "stats without a workspace: 422", request: (w: W) => asToken(w.t.adminToken, { path: "/api/admin/stats" }), status: 422 },
    { name: "stats with a bad date: 422 naming from", request: (w: W) => asToken(w.t.adminToken, { path: `/api/admin/stats?workspace=${w.acme}&from=yesterday` }), status: 422, check: (r) => expect(r.json.error.field).toBe("from") },
    { name: "stats with from after to: 422", request: (w: W) => asToken(w.t.adminToken, { path: `/api/admin/stats?workspace=${w.acme}&from=2026-11-24&to=2026-11-01` }), status: 422 },
    { name: "stats over two years: 422", request: (w: W) => asToken(w.t.adminToken, { path: `/api/admin/stats?workspace=${w.acme}&from=2024-01-01&to=2026-01-01` }), status: 422 },
  ]);
});
