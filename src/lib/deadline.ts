// A piece of work given a time limit.

/** bounded settles like work, or fails with late() (by default "no answer in N s") once ms have passed. */
export async function bounded<T>(work: Promise<T>, ms: number, late: () => Error = () => new Error(`no answer in ${ms / 1000} s`)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const over = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(late()), ms)));
  try {
    return await Promise.race([work, over]);
  } finally {
    clearTimeout(timer);
  }
}

/** yieldToLoop lets the event loop run what waits (requests, timers) before the work goes on: a macrotask, not a
 *  microtask, so requests waiting on the loop run in between. */
export const yieldToLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
