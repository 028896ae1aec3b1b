// Postgres, reached with postgres.js on either runtime: what a database URL names, its migrations, and the store the
// core is served from.
import { AsyncLocalStorage } from "node:async_hooks";
import { fillPlaceholders } from "drizzle-orm";
import { PgDatabase, PgDeleteBase, PgInsertBase, PgSelectBase, PgUpdateBase } from "drizzle-orm/pg-core";
import { drizzle, PostgresJsPreparedQuery } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { statements } from "../../db/migrate";
import * as schema from "../../db/schema";
import type { Db, Migration, Store } from "../../db/store";
import { HttpError } from "../lib/http-error";
import { createHub, topics, type Hub } from "../realtime/hub";
import { committed } from "./group-commit";

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
  return withAdvisoryLock(url, MIGRATION_LOCK, async (sql) => {
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
    } catch (error) {
      throw postgresFailure(url, error);
    }
  });
}

/** withAdvisoryLock runs fn with a connection of its own that holds the session advisory lock `key`: instances that
 *  start together run it one after another. A server it cannot reach, or a lock it cannot take, is named. */
export async function withAdvisoryLock<T>(url: string, key: number, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  let sql: postgres.Sql;
  try {
    sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  } catch (error) {
    throw postgresFailure(url, error);
  }
  try {
    await sql`select pg_advisory_lock(${key})`.catch((error) => {
      throw postgresFailure(url, error);
    });
    return await fn(sql);
  } finally {
    // note: closing the connection lets go of the lock (one that died took it with it).
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

// ---- Serving from Postgres -------------------------------------------------------------------------------------
//
// The core is written against drizzle's SQLite query API over the SQLite table objects (db/schema.ts). On Postgres the
// same queries are built by drizzle's Postgres dialect from those same table objects (a table names its columns; the
// dialect writes the SQL), and read back through the columns' own decoders. Three things make that hold:
// - the builders and prepared queries of the Postgres dialect gain the SQLite forms the core calls (get, all, run,
//   values, and prepare without a name): see portable();
// - Postgres answers every type the SQLite decoders expect: bigint and numeric as numbers, json and jsonb as their
//   text (the json column decodes it), booleans as booleans (the boolean column reads Number(b) === 1);
// - every query made while a write is open runs inside that write's transaction, whichever object made it, because
//   the client drizzle holds sends each query to the transaction of the write in progress (an async context), else
//   to the pool. A statement prepared once on store.db is therefore safe inside a write, as it is on SQLite.
// db/pg/schema.ts holds the same tables in Postgres' own types, for drizzle-kit's migrations; a compile-time test holds
// the two schemas' row types equal.

/** SERIALIZATION_RETRIES is how many times a write that lost a serialization race is run again before it fails. */
const SERIALIZATION_RETRIES = 40;

/** WRITERS is how many write transactions one instance runs at once on Postgres. */
const WRITERS = 4;

/** Unit is one attempt at a write: its transaction, the bus messages it sends inside it, what runs once it committed. */
interface Unit {
  tx: postgres.TransactionSql;
  notes: string[];
  after: (() => void)[];
}

/** PostgresStore is the store on Postgres; the bus sends what a write announces inside that write's transaction. */
export interface PostgresStore extends Store {
  /** notifyInside queues bus messages to be sent inside the transaction of the write whose callback runs now, so they
   *  reach every instance (this one too) in commit order, and only if it commits; false outside a write. */
  notifyInside(texts: string[]): boolean;
}

/** openPostgresStore opens a pool on a migrated Postgres database (woes migrate) and serves the core's store from it. */
export function openPostgresStore(url: string, opts: { max?: number; idleTimeout?: number } = {}): PostgresStore {
  const pool = postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: opts.idleTimeout,
    connect_timeout: 10,
    onnotice: () => {},
    // note: counts, sums and bigint columns (times in ms, sequence numbers) fit a double; the core reads numbers.
    types: { int8: { to: 20, from: [20, 1700], parse: Number, serialize: String } as never },
  });
  // note: the json columns of the SQLite schema decode text themselves, and its boolean columns send 1 and 0.
  pool.options.parsers[114] = pool.options.parsers[3802] = (text: string) => text;
  pool.options.serializers[16] = (x: unknown) => (x === true || x === 1 || x === "1" || x === "t" ? "t" : "f");
  const open = new AsyncLocalStorage<Unit>();
  const client = { options: pool.options, unsafe: (q: string, params?: never[], o?: never) => (open.getStore()?.tx ?? pool).unsafe(q, params, o) };
  portable();
  const db = drizzle(client as unknown as postgres.Sql, { schema }) as unknown as Db;
  // note: at most WRITERS write transactions of this instance run at once, the others waiting their turn in order:
  // writes made at once by one instance would mostly collide on the rows they share (a day's counters, one
  // conversation) and be run again and again; what is left to settle, across instances, the retries below settle.
  let running = 0;
  const waiting: (() => void)[] = [];
  const turn = () => (running < WRITERS ? (running++, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)));
  const done = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const attempt = async <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const after: Unit["after"] = [];
        const value = (await pool.begin("isolation level serializable", async (tx) => {
          const unit: Unit = { tx, notes: [], after };
          const value = await open.run(unit, () => fn(db));
          // note: sent last and in one go (pipelined on the transaction's connection); Postgres hands a transaction's
          // notifications to the listeners at its COMMIT, after those of the transactions that committed before it.
          await Promise.all(unit.notes.map((text) => tx`select pg_notify(${BUS_CHANNEL}, ${text})`));
          return value;
        })) as T;
        for (const then of after) committed(then);
        return value;
      } catch (error) {
        // note: drizzle wraps the driver's error, which carries the code.
        const code = ((error as { cause?: { code?: string } }).cause ?? (error as { code?: string })).code;
        // note: a write that lost a race to a concurrent one is run again, after a pause that grows with each try (at
        // most 100 ms, at random within it), so writers piling onto one row spread out rather than collide again.
        if (code === "40001" || code === "40P01") {
          if (attempt < SERIALIZATION_RETRIES) {
            // note: the pause gives the write's turn to another, so a write losing races never holds up the others.
            done();
            await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
            await turn();
            continue;
          }
          throw new HttpError(409, "conflict", "Too many changes to the same thing at once; try again.");
        }
        if (code === "23505") throw new HttpError(409, "conflict", "This was changed at the same time by another request; try again.");
        throw error;
      }
    }
  };
  return {
    dialect: "postgres",
    db,
    write: async (fn) => {
      if (open.getStore()) throw new Error("a write was started inside another write; return from the first write, then write again");
      await turn();
      try {
        return await attempt(fn);
      } finally {
        done();
      }
    },
    whenCommitted: (then) => {
      const unit = open.getStore();
      if (unit) unit.after.push(then);
      else then();
    },
    notifyInside: (texts) => {
      const unit = open.getStore();
      if (!unit) return false;
      unit.notes.push(...texts);
      return true;
    },
    // note: every instance reads the one database; what the others and the CLI change, they say on the bus
    // (forgetEverywhere), so there is nothing to ask here.
    changedElsewhere: () => false,
    ping: async () => (await pool`select 1 as ok`.catch(() => []))[0]?.ok === 1,
    backup: async () => {
      throw new Error("woes backup copies a SQLite database; back a Postgres database up with pg_dump");
    },
    close: () => void pool.end({ timeout: 5 }),
  };
}

let made = false;

/** portable gives the Postgres dialect's builders and prepared queries the SQLite forms the core calls, once. */
function portable() {
  if (made) return;
  made = true;
  type Runnable = { execute(placeholders?: Record<string, unknown>): Promise<unknown[] & { count?: number }> };
  const forms = {
    get(this: Runnable, p?: Record<string, unknown>) {
      return this.execute(p).then((rows) => rows[0]);
    },
    all(this: Runnable, p?: Record<string, unknown>) {
      return this.execute(p);
    },
    run(this: Runnable, p?: Record<string, unknown>) {
      return this.execute(p).then((rows) => ({ changes: rows.count ?? rows.length }));
    },
  };
  type Prepared = { client: postgres.Sql; queryString: string; params: unknown[]; prepare: boolean };
  // note: values are the driver's own, undecoded (as SQLite's values() gives them), for callers that decode them.
  const raw = {
    values(this: Prepared, p?: Record<string, unknown>) {
      return this.client.unsafe(this.queryString, fillPlaceholders(this.params, p ?? {}) as never[], { prepare: this.prepare }).values().then((rows) => [...rows]);
    },
  };
  let names = 0;
  for (const builder of [PgSelectBase, PgInsertBase, PgUpdateBase, PgDeleteBase]) {
    const proto = builder.prototype as unknown as Record<string, unknown> & { prepare(name: string): unknown; _prepare(): Prepared };
    const prepare = proto.prepare;
    Object.assign(proto, forms, {
      prepare(this: typeof proto, name?: string) {
        return prepare.call(this, name ?? `woes_${++names}`);
      },
      values(this: typeof proto, p?: Record<string, unknown>) {
        return raw.values.call(this._prepare(), p);
      },
    });
  }
  Object.assign(PostgresJsPreparedQuery.prototype, forms, raw);
  // note: raw SQL on the database object: run, all (rows as objects), get and values (rows as arrays).
  const database = PgDatabase.prototype as unknown as Record<string, unknown> & { execute(q: unknown): Promise<unknown[] & { count?: number }> };
  Object.assign(database, {
    run(this: typeof database, q: unknown) {
      return this.execute(q).then((rows) => ({ changes: rows.count ?? rows.length }));
    },
    all(this: typeof database, q: unknown) {
      return this.execute(q).then((rows) => [...rows]);
    },
    get(this: typeof database, q: unknown) {
      return this.execute(q).then((rows) => (rows[0] ? Object.values(rows[0] as object) : undefined));
    },
    values(this: typeof database, q: unknown) {
      return this.execute(q).then((rows) => rows.map((r) => Object.values(r as object)));
    },
  });
}

// ---- The bus of N instances -----------------------------------------------------------------------------------------

/** BUS_CHANNEL is the channel every instance on one database listens on. */
export const BUS_CHANNEL = "woes_bus";

// note: a notification carries at most 8000 bytes; a longer event goes in ordered parts of this many characters,
// sent one after another on one connection, so they arrive in order and are put back together.
const PART = 2000;

/** MAX_UNFINISHED bounds the messages held while their parts come in. A message's parts come one after another, so an
 *  unfinished one is only ever left by a part lost on its way (a sender's connection cut between two): the oldest held
 *  is let go for a new one, so lost parts cannot pile up. */
export const MAX_UNFINISHED = 100;

/** COUNTS_EVERY_MS is how often an instance tells the others how many operators watch each inbox from it; an
 *  instance not heard from for three of these is taken to be gone. */
const COUNTS_EVERY_MS = 5_000;

/** CLOSE_WAIT_MS bounds how long a closing hub waits for its notifications to be sent. */
const CLOSE_WAIT_MS = 5_000;

// note: `tx` marks a message sent inside a write's transaction: it reaches this instance's listeners too when it comes
// back from Postgres, so every instance hears those events in the one commit order.
type BusMessage =
  | { from: string; topic: string; event: unknown; tx?: 1 }
  | { from: string; id: number; part: number; of: number; data: string; tx?: 1 }
  | { from: string; counts: Record<string, number>; leaving?: true };

/** PostgresHub is the hub of one instance among N on one database, over LISTEN/NOTIFY. An event published from inside a
 *  write is sent inside its transaction and heard by every instance, this one too, when Postgres hands it back: in
 *  commit order. One published outside a write (typing, an answer's draft, forgets) is delivered here at once and sent
 *  to the others right after. The inbox watchers of every instance are counted (operatorsOnline). */
export interface PostgresHub extends Hub {
  close(): Promise<void>;
}

/** openPostgresHub listens on the bus, and answers this instance's hub once listening. An event published from inside
 *  a write of store is sent inside that write's transaction (see PostgresStore.notifyInside). */
export async function openPostgresHub(url: string, store?: PostgresStore, log: (message: string) => void = console.error): Promise<PostgresHub> {
  const local = createHub(log);
  const me = crypto.randomUUID();
  // note: one connection sends every notification of this instance, so they leave (and arrive) in publish order.
  const sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  const parts = new Map<string, string[]>();
  const others = new Map<string, { counts: Record<string, number>; at: number }>();
  let sent = 0;
  // note: the notifications on their way, which close() waits for: postgres.js's end() closes the connection once the
  // query it is running is answered, and what was queued behind that query never settles; a CLI command, which exits
  // right after, lost its forget that way when its connection was slow to open.
  const sending = new Set<Promise<void>>();
  let closing = false;
  const notify = (text: string) => {
    if (closing) return;
    const done = sql`select pg_notify(${BUS_CHANNEL}, ${text})`.then(
      () => {},
      (e: Error) => log(`woes: the bus could not send: ${e.message}`),
    );
    sending.add(done);
    void done.then(() => sending.delete(done));
  };
  // note: a message over PART characters goes in parts (at most 3 bytes a character once in JSON: within 8000 bytes).
  const texts = (message: BusMessage): string[] => {
    const text = JSON.stringify(message);
    if (text.length <= PART) return [text];
    const id = ++sent;
    const of = Math.ceil(text.length / PART);
    const tx = "tx" in message ? message.tx : undefined;
    return Array.from({ length: of }, (_, i) => JSON.stringify({ from: me, id, part: i, of, data: text.slice(i * PART, (i + 1) * PART), tx }));
  };
  const send = (message: BusMessage) => {
    for (const text of texts(message)) notify(text);
  };
  const receive = (payload: string) => {
    const m = JSON.parse(payload) as BusMessage;
    // note: this instance's own messages reached its listeners when published, but for those sent inside a write.
    if (m.from === me && !("tx" in m && m.tx)) return;
    if ("counts" in m) {
      if (m.leaving) return void others.delete(m.from);
      // note: an instance heard from for the first time (one just started) is told this one's counts at once.
      if (!others.has(m.from)) soon();
      others.set(m.from, { counts: m.counts, at: Date.now() });
      return;
    }
    if ("part" in m) {
      const key = `${m.from}:${m.id}`;
      const got = parts.get(key) ?? [];
      got.push(m.data);
      if (got.length < m.of) {
        if (got.length === 1 && parts.size >= MAX_UNFINISHED) parts.delete(parts.keys().next().value!);
        return void parts.set(key, got);
      }
      parts.delete(key);
      return receive(got.join(""));
    }
    local.publish(m.topic, m.event);
  };
  // note: a subscribe or unsubscribe on an inbox topic tells the others this instance's counts soon after.
  const inbox = (topic: string) => topic.startsWith("admin:");
  let pending: ReturnType<typeof setTimeout> | null = null;
  const watched = new Set<string>();
  const tellCounts = () => {
    pending = null;
    const counts: Record<string, number> = {};
    for (const topic of watched) {
      const n = local.listeners(topic);
      if (n > 0) counts[topic] = n;
      else watched.delete(topic);
    }
    // note: many workspaces watched (an all-workspace operator) make a long message: it goes in parts too.
    send({ from: me, counts });
  };
  const soon = () => void (pending ??= setTimeout(tellCounts, 20));
  // note: postgres.js listens again on a new connection when its connection is lost; whatever was published in
  // between never reaches this instance, so its streams are ended (their clients reconnect and catch up by cursor).
  let listening = false;
  await sql.listen(
    BUS_CHANNEL,
    (payload) => {
      try {
        receive(payload);
      } catch (error) {
        log(`woes: a bus message could not be read: ${String(error)}`);
      }
    },
    () => {
      if (listening) {
        log("woes: the bus connection to Postgres was lost and is back; live streams are ended so their clients catch up");
        local.publish(topics.reset, {});
      }
      listening = true;
    },
  );
  const every = setInterval(() => {
    tellCounts();
    const old = Date.now() - 3 * COUNTS_EVERY_MS;
    for (const [id, o] of others) if (o.at < old) others.delete(id);
  }, COUNTS_EVERY_MS);
  // note: a new instance asks the others for their counts by telling its own (empty) ones; each answers with its own.
  tellCounts();
  return {
    publish(topic, event) {
      if (store?.notifyInside(texts({ from: me, topic, event, tx: 1 }))) return;
      local.publish(topic, event);
      send({ from: me, topic, event });
    },
    broadcast(topic, event) {
      send({ from: me, topic, event });
    },
    subscribe(topic, listener) {
      const off = local.subscribe(topic, listener);
      if (!inbox(topic)) return off;
      watched.add(topic);
      soon();
      return () => {
        off();
        soon();
      };
    },
    listeners(topic) {
      let n = local.listeners(topic);
      if (inbox(topic)) for (const o of others.values()) n += o.counts[topic] ?? 0;
      return n;
    },
    close: async () => {
      clearInterval(every);
      if (pending) clearTimeout(pending);
      // note: the others drop this instance's counts now rather than after three silent periods.
      notify(JSON.stringify({ from: me, counts: {}, leaving: true }));
      closing = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(sending), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
      clearTimeout(timer);
      await sql.end({ timeout: 5 });
    },
  };
}
