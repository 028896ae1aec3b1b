// Writes are all-or-nothing: a failing send, identify or batch leaves no half-written row.
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { ENGINE, type TestApp } from "../helpers/app";
import { BUG_FORM, assertNoLeak, count, expectError, makeWorld, send, setSettings } from "../helpers/builders";

/** failOn makes the database refuse any message whose body is `body`, after the conversation row was written. */
async function failOn(t: TestApp, body: string) {
  if (ENGINE === "sqlite") {
    await t.store.db.run(sql.raw(`CREATE TRIGGER refuse_${body} BEFORE INSERT ON message WHEN NEW.body = '${body}' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`));
    return;
  }
  await t.store.db.run(sql.raw(`CREATE FUNCTION refuse_${body}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test trigger'; END $$`));
  await t.store.db.run(sql.raw(`CREATE TRIGGER refuse_${body} BEFORE INSERT ON message FOR EACH ROW WHEN (NEW.body = '${body}') EXECUTE FUNCTION refuse_${body}()`));
}
const rows = async (t: TestApp) => ({ conversations: await count(t, "conversation"), messages: await count(t, "message"), marks: await count(t, "read_mark") });

describe("all or nothing", () => {
  test("a new conversation whose message fails to store leaves no conversation behind, and the answer says nothing of the database", async () => {
    const w = await makeWorld();
    await failOn(w.t, "BOOM");
    const before = await rows(w.t);
    const r = await send(w.t, w.a, "BOOM");
    expectError(r, 500, "internal_error");
    assertNoLeak(r, [...w.secrets, "refused by test trigger", "RAISE", "trigger"]);
    expect(await rows(w.t)).toEqual(before);
    expect(w.t.logs.join("\n")).toContain("refused by test trigger");
  });

  test("a failing send batched with good ones rolls back alone", async () => {
    const w = await makeWorld();
    await failOn(w.t, "BOOM");
    const before = await rows(w.t);
    const answers = await Promise.all([send(w.t, w.a, "good one"), send(w.t, w.b, "BOOM"), send(w.t, w.b, { conversationId: w.convB, body: "good two" })]);
    expect(answers.map((r) => r.status)).toEqual([201, 500, 201]);
    expect((await rows(w.t)).conversations).toBe(before.conversations + 1);
    expect((await rows(w.t)).messages).toBe(before.messages + 2);
    expect(await count(w.t, "message", "body = 'BOOM'")).toBe(0);
  });

  test("continuing a closed conversation with a failing message does not reopen it", async () => {
    const w = await makeWorld();
    await failOn(w.t, "BOOM");
    await w.t.store.db.run(sql.raw(`UPDATE conversation SET status = 'closed', updated_at = 1 WHERE id = '${w.convA}'`));
    const r = await send(w.t, w.a, { conversationId: w.convA, body: "BOOM" });
    expect(r.status).toBe(500);
    expect(await count(w.t, "conversation", `id = '${w.convA}' and status = 'closed' and updated_at = 1`)).toBe(1);
  });

  test("a ticket whose validation fails creates no conversation and no message", async () => {
    const w = await makeWorld();
    await setSettings(w.t, { ticketForms: [BUG_FORM] });
    const before = await rows(w.t);
    const r = await send(w.t, w.a, { body: "Half a ticket", ticket: { form: "bug_report", fields: { contact: "ada@example.com" } } });
    expectError(r, 422, "field_required", "ticket.fields.subject");
    expect(await rows(w.t)).toEqual(before);
  });

  test("a clientId retry after a failed first attempt stores the message once", async () => {
    const w = await makeWorld();
    await failOn(w.t, "BOOM");
    expect((await send(w.t, w.a, { body: "BOOM", clientId: "c-9" })).status).toBe(500);
    expect(await count(w.t, "message", "client_id = 'c-9'")).toBe(0);
    const ok = await send(w.t, w.a, { body: "second try", clientId: "c-9" });
    expect(ok.status).toBe(201);
    expect(await count(w.t, "message", "client_id = 'c-9'")).toBe(1);
  });
});
