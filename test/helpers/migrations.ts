// A database stopped just before one migration, to test what that migration does to the rows already there.
import { sql } from "drizzle-orm";
import { migrate } from "../../db/migrate";
import { migrations } from "../../src/platform/embedded";
import { platform } from "./platform";
import type { Store } from "../../db/store";

/** sqliteRunner runs raw SQL on a SQLite store and answers at once, as the migration runner needs. Db's type is
 *  awaited for every engine, but SQLite's driver answers within the call; migrations are SQLite's own. */
export function sqliteRunner(store: Store) {
  return {
    exec: (s: string) => void store.db.run(sql.raw(s)),
    all: <T>(s: string) => store.db.all(sql.raw(s)) as unknown as T[],
  };
}

/** migratedUpTo opens an in-memory database with every migration before tag applied; exec and all run raw SQL,
 *  migrateRest applies the rest (tag included). */
export function migratedUpTo(tag: string) {
  const at = migrations.findIndex((m) => m.tag === tag);
  if (at < 1) throw new Error(`no migration ${tag}`);
  const store = platform.openStore(":memory:", { migrate: false });
  const { exec, all } = sqliteRunner(store);
  const transaction = (fn: () => void) => {
    exec("BEGIN");
    fn();
    exec("COMMIT");
  };
  migrate({ exec, all, transaction }, migrations.slice(0, at));
  return { store, exec, all, migrateRest: () => migrate({ exec, all, transaction }, migrations) };
}
