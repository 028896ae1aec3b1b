// A conversation's detail is bounded: the newest page of messages, and a cursor to page back through the rest.
import { expect, test } from "bun:test";
import { plant } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld, type AdminWorld } from "./fixture";

const detail = (id: string, rest = "") => `/api/admin/conversations/${id}${rest}`;

// note: Ada's conversation starts with three messages (question, agent answer, note); 247 more make 250, a note every 50.
async function longConversation(w: AdminWorld) {
  const bodies = ["ADA_QUESTION about billing", "Agent answer for Ada", "ACME_NOTE_refund_approved"];
  for (let i = 3; i < 250; i++) {
    const internal = i % 50 === 0;
    await plant(w.t, w.convA, { body: `message ${i}`, kind: i % 2 ? "operator" : "agent", internal, internals: internal ? { step: i } : undefined });
    bodies.push(`message ${i}`);
  }
  return bodies;
}

test("a long conversation's detail holds its newest 100 messages, and paging back gets every one once, in order", async () => {
  const w = await makeAdminWorld();
  const bodies = await longConversation(w);
  const first = await w.t.admin({ path: detail(w.convA) });
  expect(first.status).toBe(200);
  const c = first.json.conversation;
  expect(c.messages.map((m: any) => m.body)).toEqual(bodies.slice(150));
  expect(c.hasOlder).toBe(true);
  expect(c.olderCursor).toBe(c.messages[0].id);
  expect(c.visitor.name).toBe("Ada");

  const seen: any[][] = [c.messages];
  let cursor: string | null = c.olderCursor;
  for (let page = 0; cursor && page < 5; page++) {
    const r = await w.t.admin({ path: detail(w.convA, `?before=${cursor}`) });
    expect(r.status).toBe(200);
    seen.unshift(r.json.conversation.messages);
    cursor = r.json.conversation.olderCursor;
    expect(r.json.conversation.hasOlder).toBe(cursor !== null);
  }
  expect(seen.map((p) => p.length)).toEqual([50, 100, 100]);
  const all = seen.flat();
  expect(all.map((m) => m.body)).toEqual(bodies);
  expect(new Set(all.map((m) => m.id)).size).toBe(250);
  // note: notes and internals come with their page.
  expect(all.find((m) => m.body === "message 100")).toMatchObject({ internal: true, internals: { step: 100 } });
  expect(all[1].internals).toEqual({ model: "MODEL_INTERNAL_7", inputTokens: 4242 });
});

test("limit asks for a smaller page; a short conversation says there is nothing older", async () => {
  const w = await makeAdminWorld();
  const small = await w.t.admin({ path: detail(w.convA, "?limit=2") });
  expect(small.json.conversation.messages.map((m: any) => m.body)).toEqual(["Agent answer for Ada", "ACME_NOTE_refund_approved"]);
  expect(small.json.conversation.hasOlder).toBe(true);
  const rest = await w.t.admin({ path: detail(w.convA, `?limit=2&before=${small.json.conversation.olderCursor}`) });
  expect(rest.json.conversation).toMatchObject({ hasOlder: false, olderCursor: null });
  expect(rest.json.conversation.messages.map((m: any) => m.body)).toEqual(["ADA_QUESTION about billing"]);
  const whole = await w.t.admin({ path: detail(w.convA) });
  expect(whole.json.conversation).toMatchObject({ hasOlder: false, olderCursor: null });
  expect(whole.json.conversation.messages).toHaveLength(3);
});

test("another workspace's operator still gets 404, cursor or not, and learns nothing", async () => {
  const w = await makeAdminWorld();
  await longConversation(w);
  const cursor = (await w.t.admin({ path: detail(w.convA) })).json.conversation.olderCursor;
  for (const rest of ["", `?before=${cursor}`]) {
    const byToken = await w.t.call(asToken(w.globexToken, { path: detail(w.convA, rest) }));
    expect([byToken.status, byToken.json.error.code]).toEqual([404, "conversation_not_found"]);
    for (const secret of w.acmeSecrets.slice(1)) expect(byToken.text).not.toContain(secret);
    const byUser = await w.t.call(asUser(w.globexUser, { path: detail(w.convA, rest) }));
    expect(byUser.status).toBe(404);
  }
});

test("a cursor this conversation did not give out is refused", async () => {
  const w = await makeAdminWorld();
  const globexMessage = (await w.t.admin({ path: detail(w.convC) })).json.conversation.messages[0].id;
  const cases: [string, string, string][] = [
    ["?before=msg_forged", "invalid_cursor", "before"],
    // note: a message of another conversation is not a cursor here, even for a token that sees both.
    [`?before=${globexMessage}`, "invalid_cursor", "before"],
    ["?before=%3Cscript%3E", "invalid_field", "before"],
    ["?limit=0", "invalid_field", "limit"],
    ["?limit=101", "invalid_field", "limit"],
  ];
  for (const [rest, code, field] of cases) {
    const r = await w.t.admin({ path: detail(w.convA, rest) });
    expect([rest, r.status, r.json.error.code, r.json.error.field]).toEqual([rest, 422, code, field]);
  }
});
