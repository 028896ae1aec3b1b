// A provider in a process of its own (so building its answer costs the server under test nothing): it answers every
// chat completion with `idle` chunks that carry no text, all in one write, then "You can reset your password from
// the sign-in page." Run it with either runtime: `flood-provider.ts <idle>`; it prints the port it listens on.
import { serve } from "../runtime/neutral";

const idle = Number(process.argv.at(-1));
const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const chunk = (delta: object, finish: string | null = null) => event({ id: "c", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta, finish_reason: finish }] });
const body = new TextEncoder().encode(chunk({ content: "" }).repeat(idle) + chunk({ content: "You can reset your password from the sign-in page." }) + chunk({}, "stop") + "data: [DONE]\n\n");
const server = await serve(async () => new Response(body, { headers: { "content-type": "text/event-stream" } }));
console.log(`port ${server.port}`);
