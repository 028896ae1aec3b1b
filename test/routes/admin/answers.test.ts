// The reply answer is exactly its schema: the hottest operator route is held to MessageAnswer
// here rather than on every request (as the widget's hot routes are, in test/routes/widget/answers.test.ts).
import { expect, test } from "bun:test";
import * as v from "valibot";
import { MessageAnswer } from "../../../src/routes/admin/conversations/model";
import { makeWorld } from "../../helpers/builders";

test("a reply and an internal note answer exactly MessageAnswer, and carry no other field", async () => {
  const w = await makeWorld();
  for (const body of [{ body: "Public reply" }, { body: "A note for the team", internal: true }]) {
    const r = await w.t.admin({ method: "POST", path: `/api/admin/conversations/${w.convA}/messages`, body });
    expect(r.status).toBe(201);
    const parsed = v.safeParse(MessageAnswer, r.json);
    if (!parsed.success) throw new Error(parsed.issues.map((i) => `${v.getDotPath(i)} ${i.message}`).join("; "));
    // note: v.object drops keys it does not know, so equality after parsing means no extra field.
    expect(parsed.output).toEqual(r.json);
    expect(r.json.message).toMatchObject({ body: body.body, internal: body.internal ?? false, author: { kind: "operator" } });
  }
});
