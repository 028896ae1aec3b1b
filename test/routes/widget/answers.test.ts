// Every widget answer and stream event is exactly its schema: the schemas are the allow-list,
// checked here rather than on every request of the hot routes.
import { expect, test } from "bun:test";
import * as v from "valibot";
import { EventsAnswer } from "../../../src/routes/widget/events/model";
import { HistoryAnswer, ReadAnswer, SendAnswer } from "../../../src/routes/widget/messages/model";
import { PublicConversation, PublicMessage } from "../../../src/routes/widget/model";
import { PresenceAnswer } from "../../../src/routes/widget/presence/model";
import { SessionAnswer } from "../../../src/routes/widget/session/model";
import { SurveyAnswer } from "../../../src/routes/widget/csat/model";
import { makeWorld, openStream, plant, setSettings } from "../../helpers/builders";

// note: v.object drops keys it does not know, so equality after parsing means no extra field.
function exactly(schema: v.GenericSchema, value: unknown, where: string) {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new Error(`${where}: ${parsed.issues.map((i) => `${v.getDotPath(i)} ${i.message}`).join("; ")}`);
  expect(parsed.output, where).toEqual(value as any);
}

test("every widget answer, first and replayed, is exactly its schema", async () => {
  const w = await makeWorld();
  const as = { key: w.a.key, token: w.a.token };
  await setSettings(w.t, { survey: "csat" });
  const rows: { name: string; schema: v.GenericSchema; status: number; call: () => Promise<{ status: number; json: any }> }[] = [
    { name: "session", schema: SessionAnswer, status: 200, call: () => w.t.call({ path: "/api/widget/session", ...as, body: {} }) },
    { name: "send (new conversation)", schema: SendAnswer, status: 201, call: () => w.t.call({ path: "/api/widget/messages", ...as, body: { body: "New one", clientId: "n-1" } }) },
    { name: "send (replayed clientId)", schema: SendAnswer, status: 201, call: () => w.t.call({ path: "/api/widget/messages", ...as, body: { body: "New one", clientId: "n-1" } }) },
    { name: "send (existing conversation)", schema: SendAnswer, status: 201, call: () => w.t.call({ path: "/api/widget/messages", ...as, body: { conversationId: w.convA, body: "More" } }) },
    { name: "history", schema: HistoryAnswer, status: 200, call: () => w.t.call({ path: `/api/widget/messages?conversation=${w.convA}`, ...as }) },
    { name: "read", schema: ReadAnswer, status: 200, call: () => w.t.call({ path: "/api/widget/messages/read", ...as, body: { conversationId: w.convA } }) },
    { name: "presence", schema: PresenceAnswer, status: 200, call: () => w.t.call({ path: "/api/widget/presence", ...as, body: { state: "active" } }) },
    { name: "events", schema: EventsAnswer, status: 202, call: () => w.t.call({ path: "/api/widget/events", ...as, body: { events: [{ type: "widget_open" }] } }) },
    { name: "csat", schema: SurveyAnswer, status: 201, call: () => w.t.call({ path: "/api/widget/csat", ...as, body: { conversationId: w.convA, kind: "csat", score: 5 } }) },
  ];
  for (const row of rows) {
    const r = await row.call();
    expect(r.status, row.name).toBe(row.status);
    exactly(row.schema, r.json, row.name);
  }
});

test("every stream event is exactly its schema", async () => {
  const w = await makeWorld();
  const s = await openStream(w.t, w.a);
  try {
    await s.until(() => s.of("unread").length > 0);
    await plant(w.t, w.convA, { body: "Live", operatorRef: w.opRef, name: "Grace" });
    await w.t.admin({ path: `/api/admin/conversations/${w.convA}/close`, method: "POST" });
    await s.until(() => s.of("message").length > 0 && s.of("conversation").length > 0 && s.of("unread").length > 1);
    for (const e of s.of("message")) exactly(v.object({ message: PublicMessage, conversation: PublicConversation }), e.data, "message event");
    for (const e of s.of("conversation")) exactly(v.object({ conversation: PublicConversation, survey: v.optional(v.nullable(v.picklist(["csat", "nps"]))) }), e.data, "conversation event");
    for (const e of s.of("unread")) exactly(v.object({ unreadCount: v.number() }), e.data, "unread event");
  } finally {
    await s.close();
  }
});
