// Reads and changes one operator's alert choices; it never sees the request.
import { eq } from "drizzle-orm";
import { users } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { ALERT_DEFAULTS, type AlertPrefs, type AlertPrefsBody } from "./model";

/** withDefaults keeps the known boolean choices of a stored value and fills the rest from the defaults. */
function withDefaults(stored: Record<string, unknown> | null | undefined): AlertPrefs {
  const out = { ...ALERT_DEFAULTS };
  for (const key of Object.keys(out) as (keyof AlertPrefs)[]) if (typeof stored?.[key] === "boolean") out[key] = stored[key] as boolean;
  return out;
}

/** AlertService stores alert choices on the operator's own account row. */
export class AlertService {
  constructor(private ctx: AppContext) {}

  /** get answers userId's choices. */
  async get(userId: string): Promise<AlertPrefs> {
    const row = await this.ctx.store.db.select({ alerts: users.alerts }).from(users).where(eq(users.id, userId)).get();
    return withDefaults(row?.alerts);
  }

  /** update merges a change into userId's choices and answers them all. */
  async update(userId: string, change: AlertPrefsBody): Promise<AlertPrefs> {
    return this.ctx.store.write((tx) => {
      const row = tx.select({ alerts: users.alerts }).from(users).where(eq(users.id, userId)).get();
      const next = withDefaults({ ...withDefaults(row?.alerts), ...change });
      tx.update(users).set({ alerts: next }).where(eq(users.id, userId)).run();
      return next;
    });
  }
}
