// The raw Bun.serve baseline: reads the body as the server does and answers, for each route,
// the bytes woes answered to the same request (captured by run.ts), with no work in between.
const port = Number(process.argv[2] ?? 0);
const answers: Record<string, string> = process.argv[3] ? await Bun.file(process.argv[3]).json() : {};
const server = Bun.serve({
  port,
  hostname: "127.0.0.1",
  async fetch(request) {
    if (request.method === "POST") await request.text();
    const body = answers[`${request.method} ${new URL(request.url).pathname}`] ?? '{"ok":true}';
    return new Response(body, { headers: { "content-type": "application/json; charset=utf-8" } });
  },
});
console.log(`baseline listening on ${server.port}`);

export {};
