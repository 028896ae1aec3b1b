// A provider repeating the server's own prompt, through a real OpenAI-compatible server on loopback:
// the guard holds back any 40 characters of what the server wrote, across its sentences.
import { afterAll, describe, expect, test } from "bun:test";
import { openStream, send } from "../helpers/builders";
import { startProvider, type FakeProvider } from "../helpers/provider";
import { PROMPT_RULES } from "../../src/agents/prompt";
import { makeAgentApp } from "./kit";

const providers: FakeProvider[] = [];
afterAll(() => providers.forEach((p) => p.stop()));
const provider = async (init: Parameters<typeof startProvider>[0] = {}) => {
  const p = await startProvider(init);
  providers.push(p);
  return p;
};

const world = (p: FakeProvider, ai: Record<string, unknown> = {}) => makeAgentApp({ ai: { url: p.url, model: "test-model-7", ...ai } });
const detail = async (w: Awaited<ReturnType<typeof world>>, id: string) => (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation;

/** ask sends the customer's question, waits for the agent, and returns the conversation as an operator sees it. */
async function ask(w: Awaited<ReturnType<typeof world>>) {
  const id = (await send(w.t, w.v, "How do I reset my password?")).json.conversation.id;
  await w.t.ctx.agents.idle();
  return detail(w, id);
}

describe("the guard holds back the server's own prompt across its sentences", () => {
  // note: 41 characters around a boundary the server writes, at most 23 on either side: no sentence alone holds 40 of them.
  const across = (before: string, after: string) => `${before.slice(-20)} ${after}`.slice(0, 41);
  const RULES = across(PROMPT_RULES[0]!, PROMPT_RULES[1]!);
  const ROWS: [string, string, Parameters<typeof startProvider>[0]][] = [
    ["from one rule into the next", RULES, { mode: "json" }],
    ["from the agent's name into the first rule", across("Your name is Ava.", PROMPT_RULES[0]!), { mode: "json" }],
    ["streamed in 2-character pieces that split its doubled spaces", RULES.replace(/ /g, "  "), { chunk: 2 }],
  ];
  for (const [name, leak, init] of ROWS) {
    test(`${name}: withheld, the conversation goes to the team`, async () => {
      const p = await provider({ ...init, reply: `Happy to help! ${leak.toUpperCase()} and that is all.` });
      const w = await world(p);
      const stream = await openStream(w.t, w.v);
      const d = await ask(w);
      expect(d.handler).toBe("team");
      expect(d.messages.filter((m: any) => m.author.kind === "agent")).toEqual([]);
      expect(d.messages.at(-1).trace).toMatchObject({ reason: "guard" });
      expect(stream.raw().toLowerCase()).not.toContain(leak.toLowerCase());
      await stream.close();
    });
  }
});
