// Server-sent events as a plain streaming Response, which every runtime serves.

/** SseChannel writes named events into an open stream. */
export interface SseChannel {
  send(event: string, data: unknown): void;
  comment(text: string): void;
  /** close ends the stream from the server's side. */
  close(): void;
}

/** sseResponse opens a stream, calls start with a channel, and cleans up when the client leaves. */
export function sseResponse(
  signal: AbortSignal,
  heartbeatMs: number,
  start: (channel: SseChannel) => () => void,
  headers: Record<string, string> = {},
): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const channel: SseChannel = {
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        comment: (text) => write(`: ${text}\n\n`),
        close: () => close(),
      };
      const unsubscribe = start(channel);
      // note: heartbeats keep the connection under the server's idle timeout and proxies' too.
      const timer = setInterval(() => channel.comment("ping"), heartbeatMs);
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(timer);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      stop = close;
      signal.addEventListener("abort", close, { once: true });
      channel.send("ready", {});
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
      ...headers,
    },
  });
}
