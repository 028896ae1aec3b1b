// A real OpenAI-compatible chat-completions server on loopback, for agent tests: it records what it
// receives and can stream, answer in one JSON, be slow, fail, say nothing, echo its system prompt,
// flood its answer in one burst, or stop streaming partway.
import { serve, sleep } from "../runtime/neutral";

/** ProviderMode is how the next requests are answered: "flood" streams every chunk at once, with no
 *  pause between them; "cut" streams the chunks, then ends the response with no finish_reason or [DONE]. */
export type ProviderMode = "stream" | "json" | "fail" | "empty" | "echo" | "hang" | "flood" | "cut";

/** ReceivedRequest is one request the server saw. */
export interface ReceivedRequest {
  path: string;
  authorization: string | null;
  body: { model: string; stream?: boolean; messages: { role: string; content: string }[] };
}

/** FakeProvider is a started server: its base URL, what it received, and how it answers. */
export interface FakeProvider {
  url: string;
  received: ReceivedRequest[];
  mode: ProviderMode;
  /** reply is the answer text (default: a fixed sentence); split into chunks of `chunk` characters. */
  reply: string;
  chunk: number;
  /** delayMs is the pause before each streamed chunk. */
  delayMs: number;
  /** cancelled counts the streamed answers the client stopped reading (it closed the connection) before their end. */
  cancelled: number;
  stop(): void;
}

/** USAGE is the token count the server reports: numbers unlikely to appear anywhere by chance. */
export const USAGE = { prompt: 43817, completion: 29173, total: 72990 };

const encoder = new TextEncoder();

/** startProvider listens on a free loopback port and answers /v1/chat/completions. */
export async function startProvider(init: Partial<Pick<FakeProvider, "mode" | "reply" | "chunk" | "delayMs">> = {}): Promise<FakeProvider> {
  const state: FakeProvider = {
    url: "",
    received: [],
    mode: init.mode ?? "stream",
    reply: init.reply ?? "You can reset your password from the sign-in page.",
    chunk: init.chunk ?? 8,
    delayMs: init.delayMs ?? 0,
    cancelled: 0,
    stop: () => void server.stop(),
  };
  const server = await serve(async (req) => {
    const path = new URL(req.url).pathname;
    const body = (await req.json()) as ReceivedRequest["body"];
    state.received.push({ path, authorization: req.headers.get("authorization"), body });
    const usage = { prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, total_tokens: USAGE.total };
    const text = state.mode === "echo" ? (body.messages.find((m) => m.role === "system")?.content ?? "") : state.mode === "empty" ? "" : state.reply;
    if (state.mode === "fail") return Response.json({ error: { message: "upstream exploded" } }, { status: 500 });
    if (state.mode === "hang") return new Promise<Response>(() => {});
    if (state.mode === "json" || !body.stream) {
      await sleep(state.delayMs);
      return Response.json({ id: "cmpl-1", object: "chat.completion", model: body.model, choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], usage });
    }
    const pieces = text.match(new RegExp(`[\\s\\S]{1,${state.chunk}}`, "g")) ?? [];
    const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
    const chunkOf = (piece: string) => event({ id: "cmpl-1", object: "chat.completion.chunk", model: body.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    const mode = state.mode;
    let gone = false;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (data: unknown) => controller.enqueue(encoder.encode(event(data)));
        // note: a flood goes out as one write, so the client finds it all buffered and never waits on the network.
        if (mode === "flood") controller.enqueue(encoder.encode(pieces.map(chunkOf).join("")));
        else
          for (const piece of pieces) {
            await sleep(state.delayMs);
            if (gone) return;
            controller.enqueue(encoder.encode(chunkOf(piece)));
          }
        if (mode === "cut") return controller.close();
        send({ id: "cmpl-1", object: "chat.completion.chunk", model: body.model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
        send({ id: "cmpl-1", object: "chat.completion.chunk", model: body.model, choices: [], usage });
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      },
      cancel() {
        gone = true;
        state.cancelled++;
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  });
  state.url = `http://127.0.0.1:${server.port}/v1`;
  return state;
}
