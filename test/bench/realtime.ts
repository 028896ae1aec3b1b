// The realtime scenario: N visitors hold a stream open; operators reply at a steady rate to
// random conversations; each reply's delivery time is measured on its visitor's stream.
import type { RunningServer } from "../helpers/server";
import { pool, quantile, rssMb } from "./wrk";

/** RealtimeResult is what the realtime scenario prints and stores. */
export interface RealtimeResult {
  streams: number;
  rate: number;
  seconds: number;
  sent: number;
  delivered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssMb: { idle: number; streams: number; after: number };
}

const MARK = /rt:(\d+)/g;

/** runRealtime opens `streams` streams with raw sockets (no client-side connection cap) and measures replies, posted
 *  to replyTo (another instance on the same database, or by default the same server). */
export async function runRealtime(server: RunningServer, opts: { streams: number; rate: number; seconds: number }, replyTo = server): Promise<RealtimeResult> {
  const idle = rssMb(server.proc.child.pid!);
  const key = { "x-woes-key": server.publicKey, "content-type": "application/json" };
  console.log(`  realtime: ${opts.streams} visitors start a conversation ...`);
  const visitors = await pool(Array.from({ length: opts.streams }, (_, i) => i), 32, async (i) => {
    const s = (await (await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: key, body: "{}" })).json()) as any;
    const m = (await (await fetch(`${server.url}/api/widget/messages`, { method: "POST", headers: { ...key, authorization: `Bearer ${s.visitor.token}` }, body: JSON.stringify({ body: `visitor ${i}` }) })).json()) as any;
    return { token: s.visitor.token as string, conversation: m.conversation.id as string };
  });

  const sentAt: number[] = [];
  const latency: number[] = [];
  const seen = new Set<number>();
  let ready = 0;
  const sockets: { end(): void }[] = [];
  const url = new URL(server.url);
  console.log(`  realtime: opening ${opts.streams} streams ...`);
  await pool(visitors, 200, async (v) => {
    let tail = "";
    let opened = false;
    await new Promise<void>((resolve, reject) => {
      Bun.connect({
        hostname: url.hostname,
        port: Number(url.port),
        socket: {
          open(socket) {
            sockets.push(socket);
            socket.write(`GET /api/widget/messages/stream HTTP/1.1\r\nHost: ${url.host}\r\nX-Woes-Key: ${server.publicKey}\r\nAuthorization: Bearer ${v.token}\r\nAccept: text/event-stream\r\n\r\n`);
          },
          data(_socket, data) {
            const text = tail + data.toString();
            if (!opened && text.includes("event: ready")) {
              opened = true;
              ready++;
              resolve();
            }
            for (const m of text.matchAll(MARK)) {
              const id = Number(m[1]);
              if (!seen.has(id) && sentAt[id] !== undefined) {
                seen.add(id);
                latency.push(performance.now() - sentAt[id]!);
              }
            }
            // note: a marker split across two reads is found in the next one.
            tail = text.slice(-24);
          },
          error: (_s, e) => reject(e),
          connectError: (_s, e) => reject(e),
        },
      }).catch(reject);
    });
  });
  const withStreams = rssMb(server.proc.child.pid!);
  console.log(`  realtime: ${ready} streams open (server RSS ${withStreams.toFixed(0)} MiB); replying ${opts.rate}/s for ${opts.seconds} s ...`);

  const admin = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };
  const total = Math.round(opts.rate * opts.seconds);
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  for (let id = 0; id < total; id++) {
    const due = started + (id * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await Bun.sleep(wait);
    const v = visitors[Math.floor(Math.random() * visitors.length)]!;
    sentAt[id] = performance.now();
    inflight.push(fetch(`${replyTo.url}/api/admin/conversations/${v.conversation}/messages`, { method: "POST", headers: admin, body: JSON.stringify({ body: `rt:${id}` }) }).then((r) => r.arrayBuffer()));
  }
  await Promise.all(inflight);
  const deadline = performance.now() + 5000;
  while (seen.size < total && performance.now() < deadline) await Bun.sleep(20);
  const after = rssMb(server.proc.child.pid!);
  for (const s of sockets) s.end();
  const xs = latency.length ? latency : [NaN];
  return {
    streams: ready,
    rate: opts.rate,
    seconds: opts.seconds,
    sent: total,
    delivered: seen.size,
    p50Ms: quantile(xs, 0.5),
    p99Ms: quantile(xs, 0.99),
    maxMs: Math.max(...xs),
    rssMb: { idle, streams: withStreams, after },
  };
}
