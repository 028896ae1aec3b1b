// The live feed: server-sent events read with fetch (so the token stays in a header), reconnected with
// backoff. The messenger catches up from its cursors on "reconnect" and long-polls on "fallback".
import { backoff, headers, sleep, url } from "./api";
import { emit, s, unread, upsert } from "./state";
import type { Change } from "./types";

let generation = 0;
let abort: AbortController | undefined;

async function stream(mine: number) {
  for (let fails = 0; mine == generation; await sleep(backoff(fails))) {
    let ready = false;
    const ctl = (abort = new AbortController());
    // note: a proxy that buffers the stream never delivers "ready"; that counts as a failure.
    const timer = setTimeout(() => ready || ctl.abort(), 15e3);
    try {
      const res = await fetch(url("messages/stream"), { headers: headers(), signal: ctl.signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      if (!res.ok) throw 0;
      for (let buffer = "", chunk; !(chunk = await reader.read()).done; ) {
        const blocks = (buffer += chunk.value.replace(/\r/g, "")).split("\n\n");
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const type = /^event: ?(.*)/m.exec(block)?.[1];
          const data = JSON.parse(/^data: ?(.*)/m.exec(block)?.[1] || "0");
          // note: every ready (a first connect too: after identify or coming back online) ends polling and catches up.
          if (type == "ready") (ready = true), (fails = 0), clearTimeout(timer), (s.poll = false), emit("reconnect");
          else if (type == "unread") unread(data.unreadCount);
          // note: message, conversation, typing and message_delta go to the messenger; the first two update the list.
          else data.conversation && upsert(data.conversation), emit(type as Change, data);
        }
      }
    } catch {
      // note: every failure (network, 5xx, a dropped connection) is retried with backoff.
    }
    clearTimeout(timer);
    if (mine != generation) return;
    // note: after three tries that never became ready, streaming is not going to work from here.
    if (!ready && ++fails > 2) return (s.poll = true), emit("fallback");
  }
}

/** restartLive (re)opens the feed with the current token and abandons any older one. */
export function restartLive() {
  abort?.abort();
  stream(++generation);
}
