// The raw baseline (Bun.serve under Bun, Deno.serve under Deno): reads the body as the server does and answers,
// for each route, the bytes woes answered to the same request (captured by run.ts), with no work in between.
import { readFileSync } from "node:fs";

const port = Number(process.argv[2] ?? 0);
const answers: Record<string, string> = process.argv[3] ? JSON.parse(readFileSync(process.argv[3], "utf8")) : {};

async function answer(request: Request) {
  if (request.method === "POST") await request.text();
  const body = answers[`${request.method} ${new URL(request.url).pathname}`] ?? '{"ok":true}';
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8" } });
}

// note: each runtime's own server, as woes uses it, so the ratio compares like with like.
if ("Deno" in globalThis) Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {} }, answer);
else Bun.serve({ port, hostname: "127.0.0.1", fetch: answer });
console.log(`baseline listening on ${port}`);

export {};
