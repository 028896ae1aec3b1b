// Downloads in flight: each holds its file's bytes in memory until the client has read them, so the bytes held are
// bounded server-wide and per client address, and each download must be read in time.
import { networkOf } from "../lib/address";
import { Holdings } from "../lib/holdings";
import { HttpError } from "../lib/http-error";

/** DOWNLOAD_BUDGET_MIB is how many MiB of files the server holds for downloads at once, all clients together. */
export const DOWNLOAD_BUDGET_MIB = 256;

/** ADDRESS_SHARE is the part of the budget one client address (an IPv6 client by its /64) may hold: a browser opens a
 *  few downloads at once, so it is never short, while one host cannot take the whole budget. NETWORK_SHARE bounds one
 *  network the same way (an IPv6 /48, whose /64s cost nothing more; an IPv4 address is its own network). */
export const ADDRESS_SHARE = 1 / 4;
export const NETWORK_SHARE = 1 / 2;

/** DOWNLOAD_GRACE_MS and DOWNLOAD_MIN_RATE bound how long a download may take to be read: the grace plus its size at
 *  the rate (bytes a second, 64 kbit/s: a poor mobile link still makes it); past that the answer is cut and its bytes
 *  let go. */
export const DOWNLOAD_GRACE_MS = 30_000;
export const DOWNLOAD_MIN_RATE = 8 * 1024;

/** CHUNK is how much of a file is handed to the connection at a time, as the client reads. */
const CHUNK = 64 * 1024;

const busy = (headers: Record<string, string>) => new HttpError(429, "downloads_busy", "The server is busy sending other files; try again in a moment.", undefined, { ...headers, "retry-after": "1" });

/** DownloadBudget reserves the bytes of each download in flight, refusing (429 with Retry-After) past either bound. */
export class DownloadBudget {
  private held = new Holdings();
  /** graceMs and minRate are DOWNLOAD_GRACE_MS and DOWNLOAD_MIN_RATE (a test may shorten the deadline). */
  graceMs = DOWNLOAD_GRACE_MS;
  minRate = DOWNLOAD_MIN_RATE;
  constructor(readonly capacity = DOWNLOAD_BUDGET_MIB * 1024 * 1024) {}

  /** take reserves size bytes for a download to address and answers the function that lets them go (call it once);
   *  a refusal carries headers too. note: with nothing else held, a file is always served, whatever its size. */
  take(size: number, address: string, headers: Record<string, string> = {}): () => void {
    const shares: [string, number][] = [
      [`address:${address}`, ADDRESS_SHARE],
      [`network:${networkOf(address)}`, NETWORK_SHARE],
    ];
    for (const [key, share] of shares) {
      const mine = this.held.of(key);
      if (mine > 0 && mine + size > this.capacity * share) throw busy(headers);
    }
    if (this.held.total > 0 && this.held.total + size > this.capacity) throw busy(headers);
    return this.held.hold(shares.map(([key]) => key), size);
  }

  /** body hands bytes to the connection a chunk at a time, as the client reads; release runs once the client has been
   *  handed them all, went away, or took longer than the deadline (the answer is then cut). A file of one chunk goes
   *  whole, its bytes let go at once: a stream would hold no less, and a whole body keeps its Content-Length (Bun sends
   *  a streamed body chunked, without one). */
  body(bytes: Uint8Array<ArrayBuffer>, release: () => void): ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> {
    if (bytes.byteLength <= CHUNK) return release(), bytes;
    const deadlineMs = this.graceMs + Math.ceil((bytes.byteLength / this.minRate) * 1000);
    let left: Uint8Array | null = bytes;
    let offset = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      clearTimeout(timer);
      left = null;
      release();
    };
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        timer = setTimeout(() => (controller.error(new Error("the download was not read in time")), end()), deadlineMs);
      },
      pull: (controller) => {
        if (!left) return;
        // note: a copy, so a chunk left unread holds 64 KiB, not the whole file.
        controller.enqueue(left.slice(offset, offset + CHUNK));
        offset += CHUNK;
        if (offset >= left.byteLength) controller.close(), end();
      },
      cancel: end,
    });
  }
}
