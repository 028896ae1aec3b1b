// Background timers (checkpoints, indexing, written-behind activity) that never keep the process alive.

/** every runs tick every ms until the stop it returns is called; the timer never keeps the process alive.
 *  note: timers may be numbers (browsers) or objects with unref (Bun, Node, Deno's node:timers). */
export function every(tick: () => void, ms: number): () => void {
  const timer = setInterval(tick, ms);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
