// Agents leak nothing to the widget (CONTRACT §7): the model, the provider, its key, the instructions, internal
// passages and token counts stay on the server, on every widget route and on the stream.
import { describe, expect, test } from "bun:test";
import { assertNoLeak, onlyPublicKeys, openStream, send } from "../helpers/builders";
import { startProvider, USAGE } from "../helpers/provider";
import { INSTRUCTIONS, makeAgentApp } from "./kit";

describe("agents leak nothing to the widget (CONTRACT §7)", () => {
  test("model, provider host, key, instructions, internal passages and token counts stay on the server", async () => {
    const p = await startProvider({ reply: "Annual plans are refunded in full within 30 days of the purchase, as the billing page says.", chunk: 7, delayMs: 5 });
    try {
      const w = await makeAgentApp({ ai: { url: p.url, model: "MODEL_AGENT_SECRET_5", key: "sk-LEAK-CHECK-KEY-77" } });
      const internalText = "INTERNAL_PASSAGE_MARKER: refunds of annual plans beyond the 30 days need the finance lead's approval.";
      await w.t.admin({ path: w.sourcesPath, body: { title: "REFUND_EXCEPTIONS_HANDBOOK", text: `# Refund exceptions\n\n${internalText}` } });
      const s = await openStream(w.t, w.v);
      const answers = [await w.t.session({ key: w.key, token: w.v.token })];
      const sent = await send(w.t, w.v, "Can I get a refund for my annual plan?");
      answers.push(sent);
      const id = sent.json.conversation.id;
      await w.t.ctx.agents.idle();
      await s.until(() => s.of("message").some((e) => e.data.message.author.kind === "agent"), 3000);
      p.mode = "fail";
      answers.push(await send(w.t, w.v, { conversationId: id, body: "And are annual plan refunds paid by card?" }));
      await w.t.ctx.agents.idle();
      answers.push(await w.t.call({ path: "/api/widget/messages/handoff", key: w.key, token: w.v.token, body: { conversationId: id } }));
      answers.push(await w.t.call({ path: `/api/widget/messages?conversation=${id}`, key: w.key, token: w.v.token }));
      answers.push(await w.t.session({ key: w.key, token: w.v.token }));
      answers.push(await w.t.call({ path: "/api/widget/messages/read", key: w.key, token: w.v.token, body: { conversationId: id } }));
      answers.push(await w.t.call({ path: "/api/widget/events", key: w.key, token: w.v.token, body: { events: [{ type: "widget_open", conversationId: id }] } }));
      answers.push(await w.t.call({ path: "/api/widget/presence", key: w.key, token: w.v.token, body: { state: "active" } }));
      answers.push(await w.t.call({ path: "/api/widget/messages/handoff", key: w.key, token: w.v.token, body: { conversationId: "conv_nope" } }));
      await s.until(() => s.of("message").some((e) => e.data.message.author.kind === "system"), 3000);
      await s.close();
      const trace = (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation.messages.find((m: any) => m.trace?.passages.length > 1)?.trace;
      // note: the operator's trace does hold each secret, so the scan below is looking for something real.
      expect(JSON.stringify(trace)).toContain("INTERNAL_PASSAGE_MARKER");
      const secrets = ["MODEL_AGENT_SECRET_5", new URL(p.url).host, "sk-LEAK-CHECK-KEY-77", INSTRUCTIONS, "SECRET_INSTRUCTION_MARKER", "INTERNAL_PASSAGE_MARKER", "REFUND_EXCEPTIONS_HANDBOOK", String(USAGE.prompt), String(USAGE.completion), String(USAGE.total), "provider_failed", "HTTP 500", "latencyMs", "trace"];
      for (const r of answers) {
        assertNoLeak(r, secrets);
        onlyPublicKeys(r.json);
      }
      assertNoLeak({ headers: s.res.headers, text: s.raw() }, secrets);
      for (const e of s.events) onlyPublicKeys(e.data);
      expect(s.of("message_delta").length).toBeGreaterThan(0);
      const answer = s.of("message").find((e) => e.data.message.author.kind === "agent")!.data.message;
      expect(answer.sources).toEqual([{ title: "billing", url: "https://docs.acme.example/billing" }]);
    } finally {
      p.stop();
    }
  });
});
