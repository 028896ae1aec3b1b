// Live connection slots: how many SSE streams and waiting long polls a visitor and an address hold.
import { HttpError } from "../lib/http-error";

/** LiveSlots counts open live connections; a count that drops to zero is forgotten, so the maps
 *  hold only callers with a connection open. */
export class LiveSlots {
  private byVisitor = new Map<string, number>();
  private byAddress = new Map<string, number>();
  constructor(
    private perVisitor: number,
    private perAddress: number,
  ) {}

  /** acquire takes a slot for visitor at address, or throws 429 too_many_streams; it returns the
   *  release, which may be called any number of times (only the first counts). */
  acquire(visitor: string, address: string): () => void {
    if ((this.byVisitor.get(visitor) ?? 0) >= this.perVisitor || (this.byAddress.get(address) ?? 0) >= this.perAddress) {
      throw new HttpError(429, "too_many_streams", "Too many live connections are open; close one and try again.", undefined, { "retry-after": "5" });
    }
    bump(this.byVisitor, visitor, 1);
    bump(this.byAddress, address, 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      bump(this.byVisitor, visitor, -1);
      bump(this.byAddress, address, -1);
    };
  }

  /** open is how many slots visitor holds. */
  open(visitor: string): number {
    return this.byVisitor.get(visitor) ?? 0;
  }
}

function bump(map: Map<string, number>, key: string, by: number) {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
