// Applies embedded drizzle-kit migrations in order, each once, each in its own transaction.
import type { Migration } from "./store";

/** SqlRunner is the little a migration needs: run a statement, read rows. */
export interface SqlRunner {
  exec(sql: string): void;
  all<T>(sql: string): T[];
  transaction(fn: () => void): void;
}

/** migrate applies every migration not yet recorded and returns the tags it applied. */
export function migrate(db: SqlRunner, migrations: Migration[]): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS __woes_migrations (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const tags = () => new Set(db.all<{ tag: string }>("SELECT tag FROM __woes_migrations").map((r) => r.tag));
  const done = tags();
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.tag)) continue;
    db.transaction(() => {
      // note: asked again under the write lock: another process (a server starting, `woes backup`)
      // may have applied it since the first look, and applying it twice would fail.
      if (tags().has(m.tag)) return;
      for (const statement of statements(m)) db.exec(statement);
      db.exec(`INSERT INTO __woes_migrations (tag, applied_at) VALUES ('${m.tag.replace(/'/g, "''")}', ${Date.now()})`);
      applied.push(m.tag);
    });
  }
  return applied;
}

/** statements are a migration's SQL statements, as drizzle-kit separates them (`--> statement-breakpoint`). */
export const statements = (m: Migration) => m.sql.split("--> statement-breakpoint").filter((statement) => statement.trim());
