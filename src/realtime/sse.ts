// Server-sent events as a plain streaming Response, which every runtime serves.
import { topics, type Hub } from "./hub";

/** STREAM_BACKLOG_BYTES bounds what a stream may hold that its client has not read yet (past the
 *  socket's own buffers); past it the stream is closed, and the client reconnects and catches up by cursor. */
export const STREAM_BACKLOG_BYTES = 1 << 20;

/** SseChannel writes named events into an open stream. */
export interface SseChannel {
  send(event: string, data: unknown): void;
  comment(text: string): void;
  /** close ends the stream from the server's side. */
  close(): void;
}

/** SseOptions add headers to a stream's answer and a check of its caller, run before each event it sends and at
 *  every heartbeat (false ends the stream). */
export interface SseOptions {
  headers?: Record<string, string>;
  stillAllowed?: () => Promise<boolean>;
  /** hub, when given, ends the stream when it says its events may have been missed (topics.reset): the client
   *  reconnects and catches up by cursor. */
  hub?: Hub;
}

/** sseResponse opens a stream, calls start with a channel, and cleans up when the client leaves, when its
 *  backlog passes the bound, or when stillAllowed answers false (before an event is written, or at a heartbeat). */
export function sseResponse(signal: AbortSignal, heartbeatMs: number, start: (channel: SseChannel) => () => void, options: SseOptions = {}): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  // note: the runtime pulls chunks only as fast as the socket takes them, so the bytes written since the queue was
  // last empty tell how far a client that stopped reading has fallen behind. The queue holds one chunk before it
  // asks for no more (desiredSize > 0 only while it is empty); a ByteLengthQueuingStrategy would count the bytes
  // itself, but under Bun it cost ~6 KB of memory per open stream (10 000 streams: 272 MiB against 205).
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        let unsubscribe = () => {};
        let offReset = () => {};
        let timer: ReturnType<typeof setInterval> | undefined;
        // note: a backlog is dropped with the stream (error, not close), so its memory goes at once.
        const close = (overflow = false) => {
          if (!open) return;
          open = false;
          clearInterval(timer);
          signal.removeEventListener("abort", leave);
          unsubscribe();
          offReset();
          try {
            if (overflow) controller.error(new Error("stream backlog over its bound"));
            else controller.close();
          } catch {
            /* already closed by the client */
          }
        };
        const leave = () => close();
        const check = options.stillAllowed;
        const allowed = () => check!().catch(() => false);
        let backlog = 0;
        const write = (text: string) => {
          if (!open) return;
          const bytes = encoder.encode(text);
          backlog = (controller.desiredSize ?? 0) > 0 ? bytes.byteLength : backlog + bytes.byteLength;
          if (backlog > STREAM_BACKLOG_BYTES) return close(true);
          try {
            controller.enqueue(bytes);
          } catch {
            close();
          }
        };
        const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
        // note: with a check, events wait for one check of the caller, in order; those that arrive during a check
        // share the next, so a caller who may no longer listen gets nothing more, and a burst costs one check.
        let waiting: string[] = [];
        let checking = false;
        const drain = async () => {
          checking = true;
          while (open && waiting.length) {
            const batch = waiting;
            waiting = [];
            if (!(await allowed())) return leave();
            batch.forEach(write);
          }
          checking = false;
        };
        const channel: SseChannel = {
          send: (event, data) => {
            if (!check) return write(frame(event, data));
            waiting.push(frame(event, data));
            if (!checking) void drain();
          },
          comment: (text) => write(`: ${text}\n\n`),
          close: leave,
        };
        stop = leave;
        signal.addEventListener("abort", leave, { once: true });
        if (options.hub) offReset = options.hub.subscribe(topics.reset, leave);
        // note: the caller was just admitted, so "ready" goes out without a check.
        write(frame("ready", {}));
        unsubscribe = start(channel);
        if (!open) return unsubscribe();
        // note: heartbeats keep the connection under the server's idle timeout and proxies' too; each also
        // asks whether the caller may still listen (a revoked key or token ends the stream).
        timer = setInterval(async () => {
          channel.comment("ping");
          if (check && open && !(await allowed())) leave();
        }, heartbeatMs);
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
      ...options.headers,
    },
  });
}
