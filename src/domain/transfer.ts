// How long a file may take to cross the network, up (an upload's body) or down (a download being read), before the
// server gives up on it and lets go of what it holds for it.

/** TRANSFER_GRACE_MS and TRANSFER_MIN_RATE: the grace, plus the file's size at the rate (bytes a second, 64 kbit/s:
 *  a poor mobile link still makes it). */
export const TRANSFER_GRACE_MS = 30_000;
export const TRANSFER_MIN_RATE = 8 * 1024;

/** Transfer is the time a transfer of some bytes may take; tests shorten it. */
export class Transfer {
  graceMs = TRANSFER_GRACE_MS;
  minRate = TRANSFER_MIN_RATE;

  /** deadlineMs is how long a transfer of `bytes` may take. */
  deadlineMs(bytes: number): number {
    return this.graceMs + Math.ceil((bytes / this.minRate) * 1000);
  }
}
