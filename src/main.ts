// The woes command line: parses it, opens the database, and serves or runs a command on the platform its entry
// (src/platform/bun/main.ts or src/platform/deno/main.ts) hands it.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { workspaces } from "../db/schema";
import { createApp } from "./app";
import { HELP, VERSION } from "./cli/help";
import * as commands from "./cli/commands";
import { ConfigError, isPostgresUrl, loadConfig, type Config, type RawConfig } from "./config";
import { createContext } from "./context";
import { SEND_TIMEOUT_MS } from "./mail/mailer";
import type { Platform } from "./platform/platform";
import type { Store } from "../db/store";
import { topics, type Hub } from "./realtime/hub";
import type { Forget } from "./realtime/publish";
import { postgresMigrations } from "./platform/embedded";
import { pruneEvents } from "./domain/retention";
import { pruneIdentitySecrets } from "./domain/workspaces";
import { serverOrigin } from "./lib/origin";

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  db: { type: "string" },
  "public-url": { type: "string" },
  "trust-proxy": { type: "boolean" },
  "identity-grace-hours": { type: "string" },
  "limit-visitors": { type: "string" },
  "limit-conversations": { type: "string" },
  "limit-messages": { type: "string" },
  "limit-session": { type: "string" },
  "limit-read": { type: "string" },
  "limit-events": { type: "string" },
  "limit-presence": { type: "string" },
  "limit-csat": { type: "string" },
  "limit-handoff": { type: "string" },
  "limit-typing": { type: "string" },
  "limit-attachments": { type: "string" },
  "attachment-max-mib": { type: "string" },
  "limit-streams": { type: "string" },
  "limit-streams-per-address": { type: "string" },
  "trust-proxy-hops": { type: "string" },
  "events-retention-days": { type: "string" },
  "visitor-token-days": { type: "string" },
  "ai-url": { type: "string" },
  "ai-model": { type: "string" },
  "ai-timeout": { type: "string" },
  "ai-answers-per-conversation": { type: "string" },
  "ai-answers-per-day": { type: "string" },
  "ai-handoff-message": { type: "string" },
  "ai-allow-private-urls": { type: "boolean" },
  "smtp-url": { type: "string" },
  "mail-from": { type: "string" },
  "mail-delay": { type: "string" },
  "mail-retry": { type: "string" },
  name: { type: "string" },
  workspace: { type: "string", multiple: true },
  agent: { type: "string" },
  origin: { type: "string", multiple: true },
  json: { type: "boolean" },
  "expires-days": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

/** EXISTING commands never create a database (a mistyped --db would answer from, or back up, an empty one): a missing
 *  file is an error naming it. */
const EXISTING = new Set(["workspace list", "key list", "key create", "key revoke", "token list", "token revoke", "account reset-password", "backup"]);

const TWO_WORD = new Set(["workspace", "key", "token", "account"]);

/** COMMAND_ONLY are the flags only some commands take (below); every other flag of OPTIONS is a server setting. */
const COMMAND_ONLY = new Set(["name", "workspace", "agent", "origin", "expires-days"]);
const EVERY_COMMAND = new Set(["db", "json", "help", "version"]);
const LINKS = ["public-url", "port", "host"];
/** TAKES names the flags each command takes besides EVERY_COMMAND's; a flag it does not take is refused, not ignored. */
const TAKES: Record<string, string[]> = {
  serve: Object.keys(OPTIONS).filter((f) => !COMMAND_ONLY.has(f) && !EVERY_COMMAND.has(f)),
  "workspace create": ["name"],
  "key create": ["workspace", "agent", "origin"],
  "key list": ["workspace"],
  "token create": ["name", "workspace", "expires-days"],
  "account reset-password": LINKS,
  "account setup-link": LINKS,
};
let platform: Platform;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const command = TWO_WORD.has(positionals[0] ?? "") ? positionals.slice(0, 2).join(" ") : (positionals[0] ?? "serve");
  const rest = positionals.slice(TWO_WORD.has(positionals[0] ?? "") ? 2 : 1);
  // note: a bare `woes --help` lists every command; `woes serve --help` explains serve.
  if (values.help || command === "help") return print(HELP[command === "help" || positionals.length === 0 ? "" : command] ?? HELP[""]!), 0;
  if (command === "version" || values.version) return print(values.json ? JSON.stringify({ version: VERSION }) : `woes ${VERSION}`), 0;
  if (!(command in HELP)) throw new commands.UsageError(`unknown command '${command}'`);
  const stray = Object.keys(values).find((flag) => !EVERY_COMMAND.has(flag) && !TAKES[command]?.includes(flag));
  if (stray) throw new commands.UsageError(`'woes ${command}' does not take --${stray}`);

  const config = loadConfig(values as RawConfig, process.env);
  const postgres = isPostgresUrl(config.db);
  if (command === "migrate") return migrate(config.db);
  if (command === "backup" && postgres) throw new commands.UsageError("'woes backup' copies a SQLite database; back a Postgres database up with pg_dump");
  if (command === "backup" && !rest[0]) throw new commands.UsageError("name the file to write: woes backup FILE");
  if (command === "serve") return serve(config, postgres ? await openPostgres(config.db) : { store: platform.openStore(config.db) });
  const opened = postgres ? await openPostgres(config.db) : { store: platform.openStore(config.db, { mustExist: EXISTING.has(command) }) };
  const store = opened.store;
  try {
    const now = Date.now();
    const out = await run(command, rest, values, store, serverOrigin(config), now);
    // note: the instances serving the database forget the keys they hold (a key revoked here is refused at once there);
    // on SQLite they see the file change themselves.
    opened.hub?.publish<Forget>(topics.caches, { keys: true });
    print(values.json ? JSON.stringify(out.json, null, 2) : out.text);
    return 0;
  } finally {
    await opened.hub?.close();
    store.close();
  }
}

/** migrate applies the migrations a database has not had yet: a SQLite file's, or (under an advisory lock) a Postgres
 *  database's. */
async function migrate(db: string): Promise<number> {
  if (!isPostgresUrl(db)) {
    const applied = platform.migrateDatabaseAt(db);
    return print(applied.length ? `Applied ${applied.join(", ")} to ${db}` : `${db} is up to date`), 0;
  }
  // note: loaded here, so a SQLite install never loads the Postgres client.
  const { migratePostgres, shownUrl } = await import("./platform/postgres");
  const applied = await migratePostgres(db, postgresMigrations);
  return print(applied.length ? `Applied ${applied.join(", ")} to ${shownUrl(db)}` : `${shownUrl(db)} is up to date`), 0;
}

/** Opened is a database to serve from: its store, and on Postgres the bus its instances share and their lock. */
interface Opened {
  store: Store;
  hub?: Hub & { close(): Promise<void> };
  /** lock runs fn holding the instances' advisory lock of that number. */
  lock?: (key: number, fn: () => Promise<void>) => Promise<void>;
}

// note: a number of its own, beside the migrations' lock.
const FIRST_RUN_LOCK = 0x776f6574;

/** openPostgres migrates a Postgres database (as every instance starting may) and opens its store and bus. */
async function openPostgres(url: string): Promise<Opened> {
  const { migratePostgres, openPostgresStore, openPostgresHub, withAdvisoryLock } = await import("./platform/postgres");
  await migratePostgres(url, postgresMigrations);
  const store = openPostgresStore(url);
  return { store, hub: await openPostgresHub(url, store), lock: (key, fn) => withAdvisoryLock(url, key, fn) };
}

function run(command: string, rest: string[], values: Record<string, any>, store: ReturnType<Platform["openStore"]>, origin: string, now: number) {
  switch (command) {
    case "workspace create":
      return commands.workspaceCreate(store, values.name, now);
    case "workspace list":
      return commands.workspaceList(store);
    case "key create":
      return commands.keyCreate(store, { workspace: values.workspace?.[0], agent: values.agent, origins: values.origin ?? [] }, now);
    case "key list":
      return commands.keyList(store, values.workspace?.[0]);
    case "key revoke":
      return commands.keyRevoke(store, rest[0], now);
    case "token create":
      return commands.tokenCreate(store, { name: values.name, workspaces: values.workspace ?? [], expiresDays: values["expires-days"] }, now);
    case "token list":
      return commands.tokenList(store, now);
    case "token revoke":
      return commands.tokenRevoke(store, rest[0], now);
    case "account reset-password":
      return commands.accountResetPassword(store, rest[0], origin, now);
    case "account setup-link":
      return commands.accountSetupLink(store, origin, now);
    case "backup":
      return store.backup(rest[0]).then(() => ({ text: `Wrote a consistent copy of ${values.db ?? "the database"} to ${rest[0]}`, json: { file: rest[0] } }));
  }
  throw new commands.UsageError(`unknown command '${command}'`);
}

async function serve(config: Config, { store, hub, lock }: Opened): Promise<number> {
  const listener = platform.listener(config);
  const ctx = createContext({ store, hub, config, assets: platform.assets.widget, consoleAssets: platform.assets.console, passwords: platform.passwords, clientAddress: listener.clientAddress });
  const app = createApp(ctx);
  await ctx.presence.load();
  // note: bound before anything is printed, so a taken port or a wrong --host prints no secrets or links.
  const server = listener.listen(app);
  // note: with --port 0 the system chose a free port; links and the address printed name that one.
  config.port = server.port;
  const origin = serverOrigin(config);
  const welcome = async () => {
    const count = await store.db.select({ n: sql<number>`count(*)` }).from(workspaces).get();
    if (Number(count?.n ?? 0) === 0) return print((await commands.firstRun(store, origin, Date.now())).text);
    const setup = await commands.ownerSetup(store, origin, Date.now());
    if (setup) print(setup);
  };
  // note: instances starting together on an empty Postgres database take turns, so only the first makes a workspace.
  if (lock) await lock(FIRST_RUN_LOCK, welcome);
  else await welcome();
  // note: on Postgres each instance also takes the heartbeats the others flushed, so every one lists who is online.
  const flush = setInterval(() => {
    void ctx.presence
      .flush()
      .then(() => (store.dialect === "postgres" ? ctx.presence.load() : undefined))
      .catch((e) => console.error(`woes: reading the other instances' heartbeats failed: ${(e as Error).message}`));
  }, 5_000);
  const stopIndexing = ctx.searchIndex.start();
  const stopActivity = ctx.activity.start();
  // note: reply batches are checked often enough that a short --mail-delay is kept, at most every 5 s.
  const mailTick = setInterval(() => void ctx.mail.sendDue().catch((e) => console.error(`woes: mail failed: ${(e as Error).message}`)), Math.min(5_000, Math.max(250, config.mail.delayMs / 4)));
  // note: events past their retention and identity secrets past their grace go at start, then daily
  // and hourly; events in batches between requests.
  const pruneDaily = () => pruneEvents(store, Date.now(), config.eventsRetentionDays).catch((e) => console.error(`woes: pruning events failed: ${(e as Error).message}`));
  const pruneHourly = () => {
    void pruneIdentitySecrets(store, config.identityGraceHours, Date.now()).catch((e) => console.error(`woes: pruning identity secrets failed: ${(e as Error).message}`));
    // note: uploads never sent with a message go a day after they came.
    void ctx.attachments.sweep(Date.now()).catch((e) => console.error(`woes: sweeping attachments failed: ${(e as Error).message}`));
  };
  void pruneDaily();
  pruneHourly();
  const daily = setInterval(() => void pruneDaily(), 86_400_000);
  const hourly = setInterval(pruneHourly, 3_600_000);
  print(`Woes ${VERSION} listening on ${origin} (database ${store.dialect === "sqlite" ? config.db : await shownDatabase(config.db)})`);

  const stop = async () => {
    clearInterval(flush);
    stopIndexing();
    stopActivity();
    clearInterval(mailTick);
    clearInterval(daily);
    clearInterval(hourly);
    // note: a send under way is let finish (bounded), so a mail the SMTP server took is not mailed again after restart.
    await ctx.mail.drain(SEND_TIMEOUT_MS);
    await ctx.presence.flush();
    await server.stop(true);
    // note: what the last sends left to write is written (else the next start writes it).
    await ctx.activity.settle();
    // note: the other instances stop counting this one's inbox watchers at once (hub.close says so).
    await hub?.close();
    store.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return new Promise<number>(() => {});
}

/** shownDatabase names a Postgres database without its password. */
async function shownDatabase(url: string) {
  return (await import("./platform/postgres")).shownUrl(url);
}

function print(text: string) {
  console.log(text);
}

/** runCli runs the command line on the platform the entry chose, and exits with the command's code. */
export function runCli(chosen: Platform, argv = process.argv.slice(2)) {
  platform = chosen;
  main(argv).then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof commands.UsageError || error instanceof ConfigError || (error as any)?.code?.startsWith?.("ERR_PARSE_ARGS")) {
        console.error(`woes: ${(error as Error).message}\nRun 'woes --help' for usage.`);
        process.exit(2);
      }
      console.error(`woes: ${(error as Error).message ?? error}`);
      process.exit(1);
    },
  );
}
