// A provider that floods, stalls, stops partway, answers megabytes or repeats the server's prompt,
// through a real OpenAI-compatible server on loopback: the server stays responsive, keeps at most 5 000 characters,
// refuses a body past 1 MB as it arrives, and hands the conversation to the team whenever no whole answer came in time.
import { describe, expect, test } from "bun:test";
import { openStream, send } from "../helpers/builders";
import type { FakeProvider } from "../helpers/provider";
import { PROMPT_RULES } from "../../src/agents/prompt";
import { chat } from "../../src/agents/provider";
import { runtime, serve, sleep, start } from "../runtime/neutral";
import { makeAgentApp, useProviders } from "./kit";

const provider = useProviders();

const world = (p: FakeProvider, ai: Record<string, unknown> = {}) => makeAgentApp({ ai: { url: p.url, model: "test-model-7", ...ai } });
const detail = async (w: Awaited<ReturnType<typeof world>>, id: string) => (await w.t.admin({ path: `/api/admin/conversations/${id}` })).json.conversation;

// note: a 10 ms interval that measures how late it fires: the event loop's longest stall meanwhile.
function watchLoop() {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  return () => {
    clearInterval(timer);
    return Math.max(worst, performance.now() - last);
  };
}

/** floodProvider starts test/helpers/flood-provider.ts in a process of its own, with the runtime running the tests. */
async function floodProvider(idle: number) {
  const script = new URL("../helpers/flood-provider.ts", import.meta.url).pathname;
  let printed = "";
  const p = start(runtime === "bun" ? [process.execPath, script, `${idle}`] : [process.execPath, "run", "-A", script, `${idle}`], { onOutput: (t) => void (printed += t) });
  const deadline = Date.now() + 20_000;
  while (!/port (\d+)/.test(printed)) {
    if (p.exitCode() !== null || Date.now() > deadline) throw new Error(`the flood provider did not start: ${printed}`);
    await sleep(20);
  }
  return { url: `http://127.0.0.1:${/port (\d+)/.exec(printed)![1]}/v1`, stop: () => p.kill() };
}

/** ask sends the customer's question, waits for the agent, and returns the conversation as an operator sees it. */
async function ask(w: Awaited<ReturnType<typeof world>>) {
  const id = (await send(w.t, w.v, "How do I reset my password?")).json.conversation.id;
  await w.t.ctx.agents.idle();
  return detail(w, id);
}

const handedOver = (d: any, error: string) => {
  expect(d.handler).toBe("team");
  expect(d.messages.filter((m: any) => m.author.kind === "agent")).toEqual([]);
  expect(d.messages.at(-1)).toMatchObject({ author: { kind: "system" }, body: "A teammate will reply here soon.", trace: { reason: "provider_failed" } });
  expect(d.messages.at(-1).trace.error).toContain(error);
};

describe("a provider that misbehaves", () => {
  test("a 60 000-character answer flooded in 4-character pieces: 5 000 characters kept, no token cap asked", async () => {
    const reply = "lorem ipsum dolor ".repeat(60_000 / 18);
    const p = await provider({ mode: "flood", reply, chunk: 4 });
    const d = await ask(await world(p));
    const answer = d.messages.find((m: any) => m.author.kind === "agent");
    expect(answer.body.length).toBeLessThanOrEqual(5000);
    expect(answer.body.length).toBeGreaterThan(4900);
    expect(reply.startsWith(answer.body)).toBe(true);
    // note: no token cap is asked for (reasoning models would spend it thinking); the reader's limit is the bound.
    expect(Object.keys(p.received[0]!.body)).not.toContain("max_completion_tokens");
    expect(Object.keys(p.received[0]!.body)).not.toContain("max_tokens");
  }, 120_000);

  test("100 000 chunks with no text in one burst, from another process: the server's event loop stalls under 60 ms (median of five) reading them", async () => {
    const flood = await floodProvider(100_000);
    try {
      const w = await makeAgentApp({ ai: { url: flood.url, model: "m", timeoutMs: 60_000 } });
      const worst: number[] = [];
      for (let i = 0; i < 5; i++) {
        const stalls = watchLoop();
        const id = (await send(w.t, w.v, `How do I reset my password? (${i})`)).json.conversation.id;
        await w.t.ctx.agents.idle();
        worst.push(stalls());
        expect((await detail(w, id)).messages.find((m: any) => m.author.kind === "agent")?.body).toContain("reset your password from the sign-in page");
      }
      // note: the median of five, as the first read also pays for warming up and a busy machine delays a timer now and
      // then: about 20 ms; 13 MB read without a pause stalled it 86-160 ms.
      expect(worst.sort((a, b) => a - b)[2]).toBeLessThan(60);
    } finally {
      flood.stop();
    }
  }, 120_000);

  test("a stream still running at the timeout hands the conversation over; its partial text is never stored", async () => {
    const reply = "To reset your password, open the sign-in page and choose Forgot password, then follow the link we email you.";
    const p = await provider({ reply, chunk: 5, delayMs: 200 });
    const w = await world(p, { timeoutMs: 1500 });
    const stream = await openStream(w.t, w.v);
    const d = await ask(w);
    handedOver(d, "no complete answer within 1.5 s");
    await stream.until(() => stream.of("message").some((e) => e.data.message.author.kind === "system"), 3000);
    expect(stream.of("message").map((e) => e.data.message.author.kind)).not.toContain("agent");
    await stream.close();
  });

  test("a stream that ends with no finish_reason is a failure, not an answer", async () => {
    const p = await provider({ mode: "cut", reply: "To reset your password, open the sign-in page and", chunk: 5 });
    handedOver(await ask(await world(p)), "ended before the answer was complete");
  });

  test("a 5 MB answer in one JSON body is refused as it arrives (past 1 MB)", async () => {
    const p = await provider({ mode: "json", reply: "lorem ipsum ".repeat(5_000_000 / 12) });
    handedOver(await ask(await world(p)), "larger than 1 MB");
  }, 60_000);
});

describe("the guard holds back the server's own prompt across its sentences", () => {
  // note: 41 characters around a boundary the server writes, at most 23 on either side: no sentence alone holds 40 of them.
  const across = (before: string, after: string) => `${before.slice(-20)} ${after}`.slice(0, 41);
  const RULES = across(PROMPT_RULES[0]!, PROMPT_RULES[1]!);
  const ROWS: [string, string, Parameters<typeof provider>[0]][] = [
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

test("a provider answering with a redirect is a failure, never followed: a public URL cannot lead the server into its own network", async () => {
  const inside = await provider({ mode: "json", reply: "an answer from inside the network" });
  const redirecting = await serve(() => new Response(null, { status: 307, headers: { location: `${inside.url}/chat/completions` } }));
  try {
    await expect(chat({ url: `${redirecting.url}/v1`, model: "m", key: "sk-test-redirect", source: "workspace" }, [{ role: "user", content: "hi" }], 5_000)).rejects.toThrow("The provider answered HTTP 307.");
    expect(inside.received).toEqual([]);
  } finally {
    await redirecting.stop();
  }
});
