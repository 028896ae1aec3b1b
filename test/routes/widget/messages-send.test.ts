// POST /api/widget/messages: create or continue, clientId idempotency, fields, tickets.
import { describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { conversations } from "../../../db/schema";
import { BUG_FORM, as, count, makeWorld, plant, scenarios, send, setSettings, type World } from "../../helpers/builders";

const POST = "/api/widget/messages";
const post = (w: World, body: unknown) => as(w.a, { path: POST, body });
const conv = (w: World, id: string) => w.t.store.db.select().from(conversations).where(eq(conversations.id, id)).get();
const withForm = (w: World) => setSettings(w.t, { ticketForms: [BUG_FORM] });

describe("POST /api/widget/messages", () => {
  scenarios(makeWorld, [
    {
      name: "no conversationId: creates a chat conversation and the customer message",
      request: (w) => post(w, { body: "  Where is my order?  " }),
      status: 201,
      expectedContent: ['"kind":"chat"', '"status":"open"', '"body":"Where is my order?"', '"kind":"customer"'],
      check: async (r, w) => {
        expect(Object.keys(r.json).sort()).toEqual(["conversation", "message"]);
        expect(r.json.conversation.id).toMatch(/^conv_[0-9A-Za-z]{22}$/);
        expect(r.json.message.id).toMatch(/^msg_[0-9A-Za-z]{22}$/);
        expect(r.json.conversation.lastMessage.id).toBe(r.json.message.id);
        expect(r.json.message.author).toEqual({ kind: "customer", name: "Ada" });
        expect(await conv(w, r.json.conversation.id)).toMatchObject({ visitorId: w.a.id, kind: "chat", fields: null });
      },
    },
    {
      name: "with conversationId: continues it; writing marks the replies before it read",
      request: (w) => post(w, { conversationId: w.convA, body: "Thanks!" }),
      status: 201,
      expectedContent: (w) => [w.convA, '"unreadCount":0', '"body":"Thanks!"'],
      check: async (_r, w) => expect(await count(w.t, "message", `conversation_id = '${w.convA}'`)).toBe(5),
    },
    {
      name: "fields apply when a conversation is created",
      request: (w) => post(w, { body: "Hi", fields: { plan: "enterprise", account_id: "acct_123", seats: 12, trial: false, coupon: null } }),
      status: 201,
      notExpectedContent: ["enterprise", "acct_123"],
      check: async (r, w) => expect((await conv(w, r.json.conversation.id))!.fields).toEqual({ plan: "enterprise", account_id: "acct_123", seats: 12, trial: false, coupon: null }),
    },
    {
      name: "fields are ignored when continuing a conversation",
      request: (w) => post(w, { conversationId: w.convA, body: "Hi again", fields: { plan: "free" } }),
      status: 201,
      check: async (_r, w) => expect((await conv(w, w.convA))!.fields).toBeNull(),
    },
    {
      name: "a valid ticket creates a ticket conversation with clean field values",
      setup: withForm,
      request: (w) => post(w, { body: "Checkout fails", ticket: { form: "bug_report", fields: { subject: "  Checkout error ", contact: "ada@example.com", severity: "high" } } }),
      status: 201,
      expectedContent: ['"kind":"ticket"'],
      check: async (r, w) => expect(await conv(w, r.json.conversation.id)).toMatchObject({ kind: "ticket", ticketForm: "bug_report", ticketFields: { subject: "Checkout error", contact: "ada@example.com", severity: "high" } }),
    },
    {
      name: "a ticket with a required field missing: 422 naming ticket.fields.subject, nothing stored",
      setup: withForm,
      request: (w) => post(w, { body: "Checkout fails", ticket: { form: "bug_report", fields: { severity: "low" } } }),
      status: 422,
      code: "field_required",
      check: async (r, w) => {
        expect(r.json.error.field).toBe("ticket.fields.subject");
        expect(await count(w.t, "conversation")).toBe(3);
        expect(await count(w.t, "message", "body = 'Checkout fails'")).toBe(0);
      },
    },
    { name: "a ticket field of only spaces counts as missing", setup: withForm, request: (w) => post(w, { body: "x", ticket: { form: "bug_report", fields: { subject: "   " } } }), status: 422, code: "field_required" },
    { name: "a ticket email field that is not an email: 422 naming it", setup: withForm, request: (w) => post(w, { body: "x", ticket: { form: "bug_report", fields: { subject: "s", contact: "nope" } } }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("ticket.fields.contact") },
    { name: "a ticket select value off its options: 422 naming it", setup: withForm, request: (w) => post(w, { body: "x", ticket: { form: "bug_report", fields: { subject: "s", severity: "urgent" } } }), status: 422, check: (r) => expect(r.json.error.field).toBe("ticket.fields.severity") },
    {
      name: "a ticket with several invalid fields: 422 listing each with its own sentence, never the input",
      setup: withForm,
      request: (w) => post(w, { body: "x", ticket: { form: "bug_report", fields: { contact: "not-an-address", severity: "urgent-now" } } }),
      status: 422,
      code: "invalid_field",
      notExpectedContent: ["not-an-address", "urgent-now"],
      check: (r) => {
        expect(r.json.error.field).toBe("ticket.fields.subject");
        expect(r.json.error.fields).toEqual([
          { field: "ticket.fields.subject", message: "Subject is required." },
          { field: "ticket.fields.contact", message: "Contact email must be an email address." },
          { field: "ticket.fields.severity", message: "Severity must be one of its options." },
        ]);
      },
    },
    { name: "a ticket field the form does not have: 422", setup: withForm, request: (w) => post(w, { body: "x", ticket: { form: "bug_report", fields: { subject: "s", extra: "x" } } }), status: 422, code: "unknown_ticket_field" },
    { name: "an unknown ticket form: 422 naming ticket.form", setup: withForm, request: (w) => post(w, { body: "x", ticket: { form: "feature_request", fields: {} } }), status: 422, code: "unknown_ticket_form", check: (r) => expect(r.json.error.field).toBe("ticket.form") },
    { name: "an empty body: 422 naming body", request: (w) => post(w, { body: "" }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("body") },
    { name: "a body of spaces only: 422", request: (w) => post(w, { body: " \n\t " }), status: 422, check: (r) => expect(r.json.error.field).toBe("body") },
    { name: "a body of control characters only: 422", request: (w) => post(w, { body: "\u0001".repeat(5000) }), status: 422, check: (r) => expect(r.json.error.field).toBe("body") },
    {
      name: "control characters are dropped, tabs and line breaks kept: 201",
      request: (w) => post(w, { body: "Hi\u0000\u001b[31m\u007f\u0085 there\n\tsecond line" }),
      status: 201,
      check: (r) => expect(r.json.message.body).toBe("Hi[31m there\n\tsecond line"),
    },
    { name: "a body of 5001 characters: 422", request: (w) => post(w, { body: "x".repeat(5001) }), status: 422, check: (r) => expect(r.json.error.field).toBe("body") },
    { name: "a body of 5000 characters: 201", request: (w) => post(w, { body: "y".repeat(5000) }), status: 201 },
    { name: "no body field: 422", request: (w) => post(w, {}), status: 422 },
    { name: "an unknown conversation: 404, nothing stored", request: (w) => post(w, { conversationId: "conv_0000000000000000000000", body: "x" }), status: 404, code: "conversation_not_found", check: async (_r, w) => expect(await count(w.t, "message", "body = 'x'")).toBe(0) },
    { name: "another visitor's conversation: 404, nothing stored", request: (w) => post(w, { conversationId: w.convB, body: "INTRUDER" }), status: 404, code: "conversation_not_found", check: async (_r, w) => expect(await count(w.t, "message", "body = 'INTRUDER'")).toBe(0) },
    { name: "no visitor token: 401", request: (w) => ({ path: POST, key: w.t.ws.publicKey, body: { body: "x" } }), status: 401, code: "visitor_unauthorized" },
  ]);
});

describe("clientId idempotency", () => {
  test("the same clientId returns the first message again and stores no second row", async () => {
    const w = await makeWorld();
    const first = await send(w.t, w.a, { body: "Once only", clientId: "c-42" });
    const again = await send(w.t, w.a, { body: "Once only (retry)", clientId: "c-42" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.message.id).toBe(first.json.message.id);
    expect(again.json.message.body).toBe("Once only");
    expect(again.json.conversation.id).toBe(first.json.conversation.id);
    expect(await count(w.t, "message", "client_id = 'c-42'")).toBe(1);
    expect(await count(w.t, "conversation", `visitor_id = '${w.a.id}'`)).toBe(2);
  });

  test("a retry naming another conversation still returns the first message", async () => {
    const w = await makeWorld();
    const first = await send(w.t, w.a, { conversationId: w.convA, body: "Hi", clientId: "c-1" });
    const again = await send(w.t, w.a, { body: "Hi", clientId: "c-1" });
    expect(again.json.message.id).toBe(first.json.message.id);
    expect(await count(w.t, "conversation", `visitor_id = '${w.a.id}'`)).toBe(1);
  });

  test("concurrent sends with one clientId store one row", async () => {
    const w = await makeWorld();
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(w.t, w.a, { conversationId: w.convA, body: "Racing", clientId: "race" })));
    expect(new Set(answers.map((r) => r.json.message.id)).size).toBe(1);
    expect(await count(w.t, "message", "client_id = 'race'")).toBe(1);
  });

  test("the same clientId from another visitor is another message", async () => {
    const w = await makeWorld();
    const fromA = await send(w.t, w.a, { body: "Hi", clientId: "shared" });
    const fromB = await send(w.t, w.b, { body: "Hi", clientId: "shared" });
    expect(fromB.status).toBe(201);
    expect(fromB.json.message.id).not.toBe(fromA.json.message.id);
    expect(fromB.json.conversation.id).not.toBe(fromA.json.conversation.id);
  });
});

describe("conversation status and agents", () => {
  test("a customer writing into a closed conversation reopens it", async () => {
    const w = await makeWorld();
    await w.t.store.write((tx) => tx.update(conversations).set({ status: "closed" }).where(eq(conversations.id, w.convA)).run());
    const r = await send(w.t, w.a, { conversationId: w.convA, body: "One more thing" });
    expect(r.json.conversation.status).toBe("open");
    expect((await conv(w, w.convA))!.status).toBe("open");
  });

  test("an agent key routes the conversations it creates to its agent", async () => {
    const w = await makeWorld();
    const s = await w.t.session({ key: w.agent.key });
    const r = await w.t.call({ path: POST, key: w.agent.key, token: s.json.visitor.token, body: { body: "Hi bot" } });
    expect(r.status).toBe(201);
    expect((await conv(w, r.json.conversation.id))!.agentId).toBe(w.agent.agentId);
    expect(r.text).not.toContain(w.agent.agentId!);
  });

  test("replies after the customer's last message are unread again", async () => {
    const w = await makeWorld();
    await send(w.t, w.a, { conversationId: w.convA, body: "ok" });
    await plant(w.t, w.convA, { body: "One more reply", kind: "system" });
    const s = await w.t.call(as(w.a, { path: "/api/widget/session", body: {} }));
    expect(s.json.conversations[0]).toMatchObject({ id: w.convA, unreadCount: 1, lastMessage: { body: "One more reply", author: { kind: "system" } } });
  });
});
