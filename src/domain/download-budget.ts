// Downloads in flight: each holds its file's bytes in memory until the client has read them, so the bytes held are
// bounded server-wide and per client address, and each download must be read in time.
import { addressKeys } from "../lib/address";
import { Holdings } from "../lib/holdings";
import { HttpError } from "../lib/http-error";
import { Transfer } from "./transfer";

/** DOWNLOAD_BUDGET_MIB is how many MiB of files the server holds for downloads at once, all clients together. */
export const DOWNLOAD_BUDGET_MIB = 256;

/** ADDRESS_SHARE is the part of the budget one client address (an IPv6 client by its /64) may hold: a browser opens a
 *  few downloads at once, so it is never short, while one host cannot take the whole budget. NETWORK_SHARE bounds one
 *  network the same way (an IPv6 /48, whose /64s cost nothing more; an IPv4 address is its own network). */
export const ADDRESS_SHARE = 1 / 4;
export const NETWORK_SHARE = 1 / 2;

/** CHUNK is how much of a file is handed to the connection at a time, as the client reads. */
const CHUNK = 64 * 1024;

const busy = (headers: Record<string, string>) => new HttpError(429, "downloads_busy", "The server is busy sending other files; try again in a moment.", undefined, { ...headers, "retry-after": "1" });

/** DownloadBudget reserves the bytes of each download in flight, refusing (429 with Retry-After) past either bound. */
export class DownloadBudget extends Transfer {
  private held = new Holdings();
  constructor(readonly capacity = DOWNLOAD_BUDGET_MIB * 1024 * 1024) {
    super();
  }

  /** take reserves size bytes for a download to address and answers the function that lets them go (call it once);
   *  a refusal carries headers too. note: with nothing else held, a file is always served, whatever its size. */
  take(size: number, address: string, headers: Record<string, string> = {}): () => void {
    const keys = addressKeys(address);
    for (const [key, share] of [
      [keys[0], ADDRESS_SHARE],
      [keys[1], NETWORK_SHARE],
    ] as const) {
      const mine = this.held.of(key);
      if (mine > 0 && mine + size > this.capacity * share) throw busy(headers);
    }
    if (this.held.total > 0 && this.held.total + size > this.capacity) throw busy(headers);
    return this.held.hold(keys, size);
  }

  /** body hands bytes to the connection a chunk at a time, as the client reads; release runs once the client has been
   *  handed them all, went away, or took longer than the deadline (the answer is then cut). A file of one chunk goes
   *  whole, its bytes let go at once: a stream would hold no less, and a whole body keeps its Content-Length (Bun sends
   *  a streamed body chunked, without one). */
  body(bytes: Uint8Array<ArrayBuffer>, release: () => void): ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> {
    if (bytes.byteLength <= CHUNK) return release(), bytes;
    const deadlineMs = this.deadlineMs(bytes.byteLength);
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
