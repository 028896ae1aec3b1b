// Uploads in flight: each is held in memory while it is read, so their number is bounded per uploader, per client
// address and server-wide, and each must arrive in time.
import { addressKeys } from "../lib/address";
import { Holdings } from "../lib/holdings";
import { HttpError } from "../lib/http-error";
import { Transfer } from "./transfer";

/** PER_UPLOADER is how many uploads one visitor (or operator) may have in flight at once. */
export const PER_UPLOADER = 2;

/** PER_ADDRESS is how many visitor uploads one client address (an IPv6 client by its /64) may have in flight at once,
 *  so one host making visitors cannot take every server-wide slot; PER_NETWORK bounds one network the same way (an
 *  IPv6 /48, whose /64s cost nothing more; an IPv4 address is its own network). */
export const PER_ADDRESS = 4;
export const PER_NETWORK = 8;

/** IN_FLIGHT_BUDGET_MIB is about how many MiB of uploads the server reads at once, all uploaders together. */
export const IN_FLIGHT_BUDGET_MIB = 256;

/** serverSlots is how many uploads the server reads at once: the budget over the per-file cap, at least two. */
export const serverSlots = (attachmentMaxMib: number) => Math.max(PER_UPLOADER, Math.floor(IN_FLIGHT_BUDGET_MIB / attachmentMaxMib));

const busy = (message: string) => new HttpError(429, "uploads_busy", message, "file", { "retry-after": "1" });

/** UploadSlots hands out a slot per upload in flight, refusing (429 with Retry-After) past any bound instead of queueing. */
export class UploadSlots extends Transfer {
  private held = new Holdings();
  constructor(readonly capacity: number) {
    super();
  }

  /** take claims a slot for uploader (and for address, when given) and answers the function that gives it back (call
   *  it exactly once). A body must arrive within deadlineMs(its size), see Transfer. */
  take(uploader: string, address?: string): () => void {
    if (this.held.of(uploader) >= PER_UPLOADER) throw busy(`At most ${PER_UPLOADER} uploads at a time; wait for one to finish.`);
    const from = address === undefined ? [] : addressKeys(address);
    if (from.length && this.held.of(from[0]!) >= PER_ADDRESS) throw busy(`At most ${PER_ADDRESS} uploads at a time from one address; wait for one to finish.`);
    if (from.length && this.held.of(from[1]!) >= PER_NETWORK) throw busy(`At most ${PER_NETWORK} uploads at a time from one network; wait for one to finish.`);
    if (this.held.total >= this.capacity) throw busy("The server is busy with other uploads; try again in a moment.");
    return this.held.hold([uploader, ...from]);
  }

}
