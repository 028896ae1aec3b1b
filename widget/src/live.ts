// The live feed: one server-sent-events stream per browser, read with fetch (so the token stays in a header).
// The tab that holds the visitor's Web Lock streams and relays every event to the visitor's other tabs; when
// it closes, a waiting tab takes the lock and connects. Reconnects back off; the messenger catches up from
// its cursors on "reconnect" and long-polls on "fallback" until a stream is ready again; a 401 (a dead token
// or key) reports "expired".
import { backoff, headers, sleep, url } from "./api";
import { emit, feed, s } from "./state";

let generation = 0;
let abort: AbortController | undefined;
let stop = () => {};

async function stream(mine: number) {
  for (let fails = 0; mine == generation; await sleep(backoff(fails))) {
    let ready = false;
    const ctl = (abort = new AbortController());
    // note: a proxy that buffers the stream never delivers "ready"; that counts as a failure.
    const timer = setTimeout(() => ready || ctl.abort(), 15e3);
    try {
      const res = await fetch(url("messages/stream"), { headers: headers(), signal: ctl.signal });
      // note: a token or key no longer good (replaced by a resume elsewhere, revoked) starts a new session, as
      // the server ends a stream at its next heartbeat when that happens; retrying the dead token would loop. (The
      // timer may still fire: aborting a request that has ended does nothing.)
      if (res.status == 401) return emit("expired");
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      if (!res.ok) throw 0;
      for (let buffer = "", chunk; !(chunk = await reader.read()).done; ) {
        const blocks = (buffer += chunk.value.replace(/\r/g, "")).split("\n\n");
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const type = /^event: ?(.*)/m.exec(block)?.[1];
          // note: the timer does nothing once ready is set, so it is cleared only when the stream ends.
          if (type == "ready") (ready = true), (fails = 0);
          if (type) feed(type, JSON.parse(/^data: ?(.*)/m.exec(block)?.[1] || "0"));
        }
      }
    } catch {
      // note: every failure (network, 5xx, a dropped connection) is retried with backoff.
    }
    clearTimeout(timer);
    if (mine != generation) return;
    // note: from the third try in a row that never became ready, the messenger long-polls (a repeat changes
    // nothing); the stream keeps trying, backing off to 30 s, and the ready of one that works ends the polling.
    if (!ready && ++fails > 2) feed("fallback");
  }
}

/** stopLive closes this tab's stream and gives up the lock (or its place in the queue for it). */
export const stopLive = () => (generation++, stop());

/** restartLive (re)opens the feed with the current token, once this tab holds the visitor's lock. */
export function restartLive() {
  stopLive();
  const mine = generation;
  const ctl = new AbortController();
  // note: a stop releases the lock at once, even while the old stream still sleeps before a retry.
  const stopped = new Promise<void>((done) => (stop = () => (ctl.abort(), abort?.abort(), done())));
  const run = () => Promise.race([stream(mine), stopped]);
  // note: without Web Locks (a page on plain http, an old browser) each tab streams on its own.
  const locks = navigator.locks;
  locks ? locks.request("woes:" + s.session!.visitor.id, { signal: ctl.signal }, run).catch(() => {}) : run();
}
