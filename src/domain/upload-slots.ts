// Uploads in flight: each is held in memory while it is read, so their number is bounded per uploader and server-wide.
import { HttpError } from "../lib/http-error";

/** PER_UPLOADER is how many uploads one visitor (or operator) may have in flight at once. */
export const PER_UPLOADER = 2;

/** IN_FLIGHT_BUDGET_MIB is about how many MiB of uploads the server reads at once, all uploaders together. */
export const IN_FLIGHT_BUDGET_MIB = 256;

/** serverSlots is how many uploads the server reads at once: the budget over the per-file cap, at least two. */
export const serverSlots = (attachmentMaxMib: number) => Math.max(PER_UPLOADER, Math.floor(IN_FLIGHT_BUDGET_MIB / attachmentMaxMib));

const busy = (message: string) => new HttpError(429, "uploads_busy", message, "file", { "retry-after": "1" });

/** UploadSlots hands out a slot per upload in flight, refusing (429 with Retry-After) past either bound instead of queueing. */
export class UploadSlots {
  private total = 0;
  private byUploader = new Map<string, number>();
  constructor(readonly capacity: number) {}

  /** take claims a slot for uploader and answers the function that gives it back (call it exactly once). */
  take(uploader: string): () => void {
    const mine = this.byUploader.get(uploader) ?? 0;
    if (mine >= PER_UPLOADER) throw busy(`At most ${PER_UPLOADER} uploads at a time; wait for one to finish.`);
    if (this.total >= this.capacity) throw busy("The server is busy with other uploads; try again in a moment.");
    this.total++;
    this.byUploader.set(uploader, mine + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.total--;
      const left = (this.byUploader.get(uploader) ?? 1) - 1;
      if (left > 0) this.byUploader.set(uploader, left);
      else this.byUploader.delete(uploader);
    };
  }
}
