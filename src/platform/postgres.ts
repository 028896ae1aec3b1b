// Postgres, reached with postgres.js on either runtime: what a database URL names, and its migrations.
// note: serving from Postgres is not built yet (issue 10); `woes migrate` prepares a database for it.
import postgres from "postgres";
import { statements } from "../../db/migrate";
import type { Migration } from "../../db/store";

/** shownUrl is a database URL fit to print: its password, if any, is left out. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString().replace(/:@/, "@");
  } catch {
    return "the Postgres URL given";
  }
}

// note: one number for every woes instance, so migrations started together run one after another.
export const MIGRATION_LOCK = 0x776f6573;

/** migratePostgres applies the embedded Postgres migrations not yet recorded, each in its own transaction,
 *  under a session advisory lock so that instances starting together apply each one once; answers the tags it applied. */
export async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  let sql: postgres.Sql;
  try {
    sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  } catch (error) {
    throw postgresFailure(url, error);
  }
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await sql`create table if not exists __woes_migrations (tag text primary key, applied_at bigint not null)`;
      const done = new Set((await sql<{ tag: string }[]>`select tag from __woes_migrations`).map((r) => r.tag));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.tag)) continue;
        await sql.begin(async (tx) => {
          for (const statement of statements(m)) await tx.unsafe(statement);
          await tx`insert into __woes_migrations (tag, applied_at) values (${m.tag}, ${Date.now()})`;
        });
        applied.push(m.tag);
      }
      return applied;
    } finally {
      // note: a connection that died takes its lock with it; the error that killed it is the one to tell.
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    }
  } catch (error) {
    throw postgresFailure(url, error);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** postgresFailure says, naming the server (never its password), why a Postgres database could not be used. */
function postgresFailure(url: string, error: unknown): Error {
  const e = error as { code?: string; message?: string };
  const where = shownUrl(url);
  if (e.code === "ECONNREFUSED") return new Error(`cannot reach Postgres at ${where}: nothing listens there (is the server running? check host and port in --db)`);
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return new Error(`cannot reach Postgres at ${where}: the host name does not resolve`);
  if (e.code === "CONNECT_TIMEOUT") return new Error(`cannot reach Postgres at ${where}: no answer within 10 s`);
  if (e.code === "3D000") return new Error(`Postgres at ${where} has no such database (create it first: createdb)`);
  if (e.code === "28P01" || e.code === "28000") return new Error(`Postgres at ${where} refused the user name or password`);
  return new Error(`Postgres at ${where}: ${e.message ?? String(error)}`);
}
