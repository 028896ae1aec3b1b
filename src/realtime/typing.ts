// Typing signals: relayed at most once per conversation and side every 2 s, never stored.

/** TYPING_EVERY_MS is the shortest gap between two relayed typing signals of one side of a conversation. */
export const TYPING_EVERY_MS = 2_000;

/** TypingGate decides which typing signals are relayed; it holds only the last few seconds. */
export class TypingGate {
  private last = new Map<string, number>();
  constructor(private now: () => number) {}

  /** pass says whether a signal from side in conversationId is relayed now, and records it when it is. */
  pass(conversationId: string, side: "visitor" | "operator"): boolean {
    const now = this.now();
    const key = `${side}:${conversationId}`;
    const at = this.last.get(key);
    if (at !== undefined && now - at < TYPING_EVERY_MS) return false;
    // note: entries older than the gap decide nothing, so the map is swept as it grows and never outlives a burst.
    if (this.last.size >= 1024) for (const [k, t] of this.last) if (now - t >= TYPING_EVERY_MS) this.last.delete(k);
    this.last.set(key, now);
    return true;
  }
}
