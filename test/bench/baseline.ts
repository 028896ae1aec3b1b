// The raw Bun.serve baseline: reads the body like the server does and answers small JSON.
const port = Number(process.argv[2] ?? 0);
const server = Bun.serve({
  port,
  hostname: "127.0.0.1",
  async fetch(request) {
    if (request.method === "POST") await request.text();
    return Response.json({ ok: true });
  },
});
console.log(`baseline listening on ${server.port}`);
