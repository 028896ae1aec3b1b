// AppContext: the dependencies every route family shares, built once from injected parts.
import type { Store } from "../db/store";
import type { ResolveHost } from "./lib/private-host";
import { lookupAll } from "./platform/dns";
import type { Config } from "./config";
import { ConversationReader } from "./domain/conversations";
import { DailyCounts } from "./domain/daily-counts";
import { HistoryCache } from "./domain/history-cache";
import { IdentitySecrets } from "./domain/identity";
import { KeyDirectory } from "./domain/keys";
import type { Asset } from "./lib/asset";
import { pbkdf2Passwords, type Passwords } from "./lib/password";
import { VisitorDirectory } from "./domain/visitors";
import { RateLimiter } from "./plugins/rate-limit";
import { createHub, topics, type Hub } from "./realtime/hub";
import { forgetting, shareLimits, sharePresence } from "./realtime/publish";
import { PresenceBook } from "./routes/widget/presence/book";
import { AgentRuntime } from "./agents/runtime";
import { createMailer, type Mailer } from "./mail/mailer";
import { MailNotices } from "./mail/notices";
import { openSearchIndex, type SearchIndex } from "./domain/search-index";
import { AddressMemo } from "./lib/address";
import { AttachmentStore } from "./domain/attachments";
import { ConversationActivity } from "./domain/activity";

/** Clock is injected so tests can move time. */
export interface Clock {
  now(): number;
}

/** ConsoleAssets are the built console client, embedded in the executable. */
export interface ConsoleAssets {
  script: string | Asset;
  styles: string | Asset;
}

/** WidgetAssets are the built widget scripts (with their build-time brotli and gzip forms in the executable). */
export interface WidgetAssets {
  loader: string | Asset;
  messenger: string | Asset;
  /** locales are the messenger's language tables by language (widget/locales), served on demand. */
  locales?: Record<string, string | Asset>;
}

/** AppDeps are what a runtime hands createApp. */
export interface AppDeps {
  store: Store;
  config: Config;
  clock?: Clock;
  hub?: Hub;
  /** clientAddress tells the caller's address; the platform knows how. */
  clientAddress?: (request: Request) => string;
  assets?: WidgetAssets;
  /** consoleAssets are the operator console's client script and stylesheet. */
  consoleAssets?: ConsoleAssets;
  /** passwords hashes console passwords; the executable injects argon2id. */
  passwords?: Passwords;
  log?: (message: string) => void;
  /** heartbeatMs is the SSE heartbeat interval (shorter than the server's idle timeout). */
  heartbeatMs?: number;
  /** mailer sends mail; made from --smtp-url when not given. */
  mailer?: Mailer;
  /** resolveHost answers what a host name resolves to (the system resolver when not given). */
  resolveHost?: ResolveHost;
}

/** AppContext is AppDeps with every shared service made. */
export interface AppContext {
  store: Store;
  config: Config;
  clock: Clock;
  hub: Hub;
  clientAddress: (request: Request) => string;
  assets: WidgetAssets;
  consoleAssets: ConsoleAssets;
  passwords: Passwords;
  log: (message: string) => void;
  heartbeatMs: number;
  keys: KeyDirectory;
  visitors: VisitorDirectory;
  conversations: ConversationReader;
  /** activity writes customer messages' conversation activity behind their sends (SQLite); readers settle it first. */
  activity: ConversationActivity;
  history: HistoryCache;
  secrets: IdentitySecrets;
  limiter: RateLimiter;
  presence: PresenceBook;
  daily: DailyCounts;
  /** searchIndex adds new messages (and, on Postgres, conversations' people and fields) to the search index off the request path. */
  searchIndex: SearchIndex;
  /** addresses remembers each visitor's client address for the abuse limits. */
  addresses: AddressMemo;
  /** agents answer customer messages in agent-handled conversations. */
  agents: AgentRuntime;
  /** mailer sends mail (disabled without --smtp-url); mail decides what to mail. */
  mailer: Mailer;
  mail: MailNotices;
  /** attachments stores, signs and serves the files of conversations. */
  attachments: AttachmentStore;
  /** resolveHost answers what a host name resolves to: a workspace's provider host is screened with it. */
  resolveHost: ResolveHost;
}

/** createContext builds the shared services from the injected dependencies. */
export function createContext(deps: AppDeps): AppContext {
  const clock = deps.clock ?? { now: () => Date.now() };
  const log = deps.log ?? ((m: string) => console.error(m));
  const activity = new ConversationActivity(deps.store, log);
  const ctx: AppContext = {
    store: deps.store,
    config: deps.config,
    clock,
    hub: deps.hub ?? createHub(log, (then) => deps.store.whenCommitted(then)),
    clientAddress: deps.clientAddress ?? (() => "unknown"),
    assets: deps.assets ?? { loader: "", messenger: "" },
    consoleAssets: deps.consoleAssets ?? { script: "", styles: "" },
    passwords: deps.passwords ?? pbkdf2Passwords,
    log,
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    keys: new KeyDirectory(deps.store.db, () => clock.now(), () => deps.store.changedElsewhere()),
    visitors: new VisitorDirectory(deps.store.db, () => clock.now(), deps.config.visitorTokenDays * 86_400_000),
    conversations: new ConversationReader(deps.store.db, activity),
    activity,
    // note: the history cache is kept exact by this process's own sends, so only where it is the one writer (SQLite).
    history: new HistoryCache(deps.store.db, deps.store.dialect === "sqlite"),
    secrets: new IdentitySecrets(deps.store.db),
    limiter: new RateLimiter(() => clock.now(), deps.config.limits),
    presence: new PresenceBook(deps.store, () => clock.now(), log),
    daily: new DailyCounts(deps.store.db),
    searchIndex: openSearchIndex(deps.store),
    addresses: new AddressMemo(() => clock.now()),
    agents: undefined as unknown as AgentRuntime,
    mailer: deps.mailer ?? createMailer(deps.config, log),
    mail: undefined as unknown as MailNotices,
    attachments: new AttachmentStore(deps.store, deps.config.attachmentMaxMib),
    resolveHost: deps.resolveHost ?? lookupAll,
  };
  ctx.hub.subscribe(topics.caches, forgetting(ctx));
  shareLimits(ctx);
  sharePresence(ctx);
  ctx.agents = new AgentRuntime(ctx);
  ctx.mail = new MailNotices(ctx, ctx.mailer);
  return ctx;
}
