// Contacts as scenarios: every person of a workspace, paged and searchable, each with conversations,
// fields and pages seen; starting a conversation with one online; never another workspace's people.
import { describe, expect, test } from "bun:test";
import { as, hmac, openStream, scenarios, send, visitor, type Scenario } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld } from "./fixture";

/** world adds a verified contact (Vera) on two devices with fields and pages seen, and an anonymous visitor. */
async function world() {
  const w = await makeAdminWorld();
  const t = w.t;
  const identity = { name: "Vera Verified", email: "vera@acme.example", email_hash: await hmac(t.ws.identitySecret, "vera@acme.example") };
  const phone = await visitor(t, { identity });
  t.clock.advance(1000);
  const laptop = await visitor(t, { identity });
  const r = await send(t, phone, { body: "Question from my phone", fields: { plan: "Pro", seats: 12 } });
  const convV = r.json.conversation.id as string;
  const ev = await t.call(as(laptop, { path: "/api/widget/events", body: { events: [{ type: "launcher_view", page: { url: "https://shop.example/pricing" } }, { type: "widget_open", page: { url: "https://shop.example/checkout" } }] } }));
  if (ev.status !== 202 && ev.status !== 204 && ev.status !== 200) throw new Error(ev.text);
  t.clock.advance(1000);
  const anon = await visitor(t);
  const contactId = laptop.session.visitor.contactId ?? (await t.call(asToken(t.adminToken, { path: `/api/admin/contacts/${laptop.id}` }))).json.contact.id;
  return { ...w, phone, laptop, anon, convV, contactId: contactId as string };
}
type W = Awaited<ReturnType<typeof world>>;

const list = (w: W, extra = "") => `/api/admin/contacts?workspace=${w.acme}${extra}`;
const here = (t: W["t"], v: { key: string; token: string }) => t.call(as(v as any, { path: "/api/widget/presence", body: { state: "active", page: { url: "https://shop.example/now" } } }));

const rows: Scenario<W>[] = [
  {
    name: "the list has every person of the workspace, a contact once, newest first",
    request: (w) => asUser(w.operator, { path: list(w) }),
    status: 200,
    expectedContent: (w) => ["Vera Verified", '"kind":"contact"', '"verified":true', "Ada", w.anon.id],
    notExpectedContent: (w) => ["Cyd", w.c.id, w.phone.id],
    check: (r, w) => {
      expect(r.json.contacts.filter((c: any) => c.name === "Vera Verified")).toHaveLength(1);
      expect(r.json.contacts[0].id).toBe(w.anon.id);
      expect(r.json.contacts.find((c: any) => c.kind === "contact").conversations).toBe(1);
    },
  },
  { name: "a search by name finds only matches", request: (w) => asUser(w.operator, { path: list(w, "&q=vera") }), status: 200, expectedContent: ["Vera Verified"], notExpectedContent: ["Ada"] },
  { name: "a search by email finds the contact", request: (w) => asUser(w.operator, { path: list(w, "&q=vera%40acme") }), status: 200, expectedContent: ["vera@acme.example"] },
  { name: "% and _ in a search are plain characters", request: (w) => asUser(w.operator, { path: list(w, "&q=%25") }), status: 200, expectedContent: ['{"contacts":[],"nextCursor":null}'] },
  {
    name: "a page of one has a cursor, and the next page goes on from it",
    request: (w) => asUser(w.operator, { path: list(w, "&limit=1") }),
    status: 200,
    check: async (r, w) => {
      expect(r.json.contacts).toHaveLength(1);
      const next = await w.t.call(asUser(w.operator, { path: list(w, `&limit=1&after=${r.json.nextCursor}`) }));
      expect(next.json.contacts[0].name).toBe("Vera Verified");
    },
  },
  { name: "a bad cursor is refused", request: (w) => asUser(w.operator, { path: list(w, "&after=x") }), status: 422 },
  { name: "another workspace's list is not found", request: (w) => asUser(w.operator, { path: `/api/admin/contacts?workspace=${w.other.workspace.id}` }), status: 404, notExpectedContent: ["Cyd"] },
  {
    name: "a contact's detail: both devices, fields, pages seen, conversations",
    request: (w) => asUser(w.operator, { path: `/api/admin/contacts/${w.contactId}` }),
    status: 200,
    expectedContent: (w) => [w.phone.id, w.laptop.id, w.convV, '"plan":"Pro"', "https://shop.example/checkout", "https://shop.example/pricing", "Question from my phone"],
  },
  { name: "a device's id answers its contact", request: (w) => asUser(w.operator, { path: `/api/admin/contacts/${w.phone.id}` }), status: 200, expectedContent: (w) => [`"id":"${w.contactId}"`] },
  { name: "an anonymous visitor's detail", request: (w) => asUser(w.operator, { path: `/api/admin/contacts/${w.anon.id}` }), status: 200, expectedContent: ['"kind":"visitor"', '"verified":false'] },
  { name: "Globex's operator cannot read Acme's contact", request: (w) => asUser(w.globexUser, { path: `/api/admin/contacts/${w.contactId}` }), status: 404, code: "contact_not_found", notExpectedContent: ["Vera"] },
  { name: "Globex's token cannot read Acme's visitor", request: (w) => asToken(w.globexToken, { path: `/api/admin/contacts/${w.a.id}` }), status: 404, notExpectedContent: ["Ada"] },
  { name: "starting a conversation with someone offline is refused", request: (w) => asUser(w.operator, { path: `/api/admin/contacts/${w.anon.id}/conversations`, body: { body: "Hi!" } }), status: 409, code: "visitor_offline" },
  { name: "an empty first message is refused", request: (w) => asUser(w.operator, { path: `/api/admin/contacts/${w.anon.id}/conversations`, body: { body: " " } }), status: 422 },
  { name: "Globex cannot start one with Acme's visitor", setup: (w) => here(w.t, w.anon), request: (w) => asToken(w.globexToken, { path: `/api/admin/contacts/${w.anon.id}/conversations`, body: { body: "Hi" } }), status: 404 },
];

describe("contacts: scenarios", () => {
  scenarios(world, rows);
});

describe("contacts: starting a conversation", () => {
  test("an operator starts one with an online visitor; it reaches the visitor's stream and lists", async () => {
    const w = await world();
    const t = w.t;
    expect((await here(t, w.anon)).status).toBeLessThan(300);
    const stream = await openStream(t, w.anon);
    const r = await t.call(asUser(w.operator, { path: `/api/admin/contacts/${w.anon.id}/conversations`, body: { body: "Hi! Can I help you find a size?" } }));
    expect(r.status).toBe(201);
    const id = r.json.conversationId as string;
    await stream.until(() => stream.of("message").some((e) => e.data.message.body === "Hi! Can I help you find a size?" && e.data.conversation.id === id));
    await stream.close();
    const mine = await t.call(as(w.anon, { path: "/api/widget/session", body: {} }));
    expect(mine.json.conversations.map((c: any) => c.id)).toContain(id);
    const inbox = await t.call(asUser(w.operator, { path: `/api/admin/conversations?workspace=${w.acme}` }));
    expect(inbox.json.conversations.map((c: any) => c.id)).toContain(id);
    const detail = await t.call(asUser(w.operator, { path: `/api/admin/contacts/${w.anon.id}` }));
    expect(detail.json.contact.conversationList[0].preview).toBe("Hi! Can I help you find a size?");
  });
});
