// One try of a mail kept in the database (a reply batch, a notice, a reset link): claimed first, bounded in time.

/** CLAIM_MS is how long a mail being sent is not due again: longer than one send can take. */
export const CLAIM_MS = 10 * 60_000;

/** SEND_BOUND_MS bounds one whole send (its queries and every SMTP step), well inside CLAIM_MS. */
export const SEND_BOUND_MS = 5 * 60_000;

/** bounded settles like work, or fails once ms have passed. */
export async function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
