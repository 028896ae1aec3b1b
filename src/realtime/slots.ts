// Live connection slots: how many SSE streams and waiting long polls a visitor and an address hold.
import { Holdings } from "../lib/holdings";
import { HttpError } from "../lib/http-error";

/** LiveSlots counts open live connections; a count that drops to zero is forgotten, so it holds only callers with a
 *  connection open. */
export class LiveSlots {
  private held = new Holdings();
  constructor(
    private perVisitor: number,
    private perAddress: number,
  ) {}

  /** acquire takes a slot for visitor at address, or throws 429 too_many_streams; it returns the
   *  release, which may be called any number of times (only the first counts). */
  acquire(visitor: string, address: string): () => void {
    if (this.open(visitor) >= this.perVisitor || this.held.of(`address:${address}`) >= this.perAddress) {
      throw new HttpError(429, "too_many_streams", "Too many live connections are open; close one and try again.", undefined, { "retry-after": "5" });
    }
    return this.held.hold([`visitor:${visitor}`, `address:${address}`]);
  }

  /** open is how many slots visitor holds. */
  open(visitor: string): number {
    return this.held.of(`visitor:${visitor}`);
  }
}
