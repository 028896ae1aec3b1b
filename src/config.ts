// Flags and environment turned into one typed, validated Config.
import * as v from "valibot";

const PORT = "a port number from 0 to 65535 (0: any free port)";
const Port = v.pipe(v.number(PORT), v.integer(PORT), v.minValue(0, PORT), v.maxValue(65535, PORT));
const COUNT = "a whole number, 1 or more";
const Count = v.pipe(v.number(COUNT), v.integer(COUNT), v.minValue(1, COUNT));
const SECONDS = "a number of seconds, 0 or more";
const TIMEOUT = "a number of seconds, at least 0.001 (such as 30)";
const RETRIES = "seconds to wait before each next try, 1 or more each, comma-separated (at most 20), such as 60,300,900";

/** ROUTE_LIMITS are the widget write routes with a per-visitor and per-address limit, and their
 *  defaults per visitor per minute (CONTRACT §4b); `messages` is `limits.messagesPerMinute`. */
export const ROUTE_LIMITS = { session: 120, read: 240, events: 120, presence: 120, csat: 30, handoff: 10, typing: 120, attachments: 20 } as const;

/** LimitedRoute names a widget write route with its own limits. */
export type LimitedRoute = keyof typeof ROUTE_LIMITS | "messages";

/** ADDRESS_FACTOR: a client address may do this many times a visitor's limit (many visitors share one address). */
export const ADDRESS_FACTOR = 20;

/** isPostgresUrl tells a Postgres server's URL (postgres:// or postgresql://) from a SQLite file path. */
export const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//i.test(db);

/** Config is everything the server is told from outside. */
export const Config = v.object({
  port: Port,
  host: v.string(),
  // note: a URL other than Postgres's is refused by name, not taken for a file path in a folder that does not exist.
  db: v.pipe(v.string(), v.minLength(1), v.check((db) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(db) || isPostgresUrl(db), "a SQLite file path such as ./woes.db, or a postgres:// URL")),
  publicUrl: v.nullable(v.pipe(v.string(), v.url("an http(s) URL such as https://chat.example.com"), v.regex(/^https?:\/\//i, "an http(s) URL such as https://chat.example.com"))),
  trustProxy: v.boolean(),
  identityGraceHours: v.pipe(v.number("a number of hours, 0 or more"), v.minValue(0, "a number of hours, 0 or more")),
  limits: v.object({
    visitorsPerMinute: Count,
    conversationsPerHour: Count,
    messagesPerMinute: Count,
    session: Count,
    read: Count,
    events: Count,
    presence: Count,
    csat: Count,
    handoff: Count,
    typing: Count,
    attachments: Count,
  }),
  /** streams: open live connections (SSE streams plus waiting long polls) per visitor and per client address. */
  streams: v.object({ perVisitor: Count, perAddress: Count }),
  /** trustProxyHops: which X-Forwarded-For entry, counted from the right, is the client (1: the last). */
  trustProxyHops: Count,
  /** eventsRetentionDays: widget events older than this are deleted, at start and daily. */
  eventsRetentionDays: Count,
  /** visitorTokenDays: a visitor token unused for this long stops working (401). */
  visitorTokenDays: Count,
  /** ai: the server's model provider (the key only from WOES_AI_KEY) and the agents' limits. */
  ai: v.object({
    url: v.nullable(v.pipe(v.string(), v.url("an http(s) URL such as http://localhost:11434/v1"))),
    model: v.nullable(v.pipe(v.string(), v.minLength(1))),
    key: v.nullable(v.string()),
    // note: a timer holds at most 2^31 - 1 ms (24.8 days); past it, it would fire at once.
    timeoutMs: v.pipe(v.number(TIMEOUT), v.integer(TIMEOUT), v.minValue(1, TIMEOUT), v.maxValue(2_147_483_647, "a number of seconds, at most 2147483 (24 days)")),
    answersPerConversationHour: Count,
    answersPerWorkspaceDay: Count,
    handoffMessage: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
    /** allowPrivateUrls lets a workspace's provider URL name a loopback, private or link-local host (a LAN model). */
    allowPrivateUrls: v.boolean(),
  }),
  /** attachmentMaxMib: the largest file a visitor or operator may attach, in MiB. */
  attachmentMaxMib: v.pipe(v.number(COUNT), v.integer(COUNT), v.minValue(1, COUNT), v.maxValue(60, "at most 60 (the server refuses any body over 64 MiB)")),
  /** mail: the SMTP server (none: nothing is mailed), the sender and how long replies wait to share one mail. */
  mail: v.object({
    smtpUrl: v.nullable(v.pipe(v.string(), v.regex(/^smtps?:\/\/[^/]+/i, "an smtp:// or smtps:// URL such as smtp://user:pass@smtp.example.com:587"))),
    from: v.nullable(v.pipe(v.string(), v.regex(/^[^\s@<>]+@[^\s@<>]+$/, "an email address such as chat@example.com"))),
    delayMs: v.pipe(v.number(SECONDS), v.integer(SECONDS), v.minValue(0, SECONDS)),
    /** retryMs: after a failed send, the waits before each next try; after the last, the mail is given up. */
    retryMs: v.pipe(v.array(v.pipe(v.number(RETRIES), v.integer(RETRIES), v.minValue(1000, RETRIES))), v.minLength(1, RETRIES), v.maxLength(20, RETRIES)),
  }),
});
export type Config = v.InferOutput<typeof Config>;

/** defaultConfig is what `woes` uses with no flags and no environment. */
export const defaultConfig = (): Config => ({
  port: 3000,
  host: "0.0.0.0",
  db: "./woes.db",
  publicUrl: null,
  trustProxy: false,
  identityGraceHours: 24,
  limits: { visitorsPerMinute: 60, conversationsPerHour: 20, messagesPerMinute: 60, ...ROUTE_LIMITS },
  streams: { perVisitor: 10, perAddress: 100 },
  trustProxyHops: 1,
  eventsRetentionDays: 400,
  visitorTokenDays: 90,
  ai: { url: null, model: null, key: null, timeoutMs: 30_000, answersPerConversationHour: 20, answersPerWorkspaceDay: 2000, handoffMessage: "A teammate will reply here soon.", allowPrivateUrls: false },
  mail: { smtpUrl: null, from: null, delayMs: 120_000, retryMs: [60_000, 300_000, 900_000, 3_600_000] },
  attachmentMaxMib: 10,
});

/** Raw is what flags and environment give, as text. */
export type RawConfig = Partial<
  Record<
    | "port" | "host" | "db" | "public-url" | "trust-proxy" | "identity-grace-hours" | "limit-visitors" | "limit-conversations" | "limit-messages"
    | "limit-streams" | "limit-streams-per-address"
    | `limit-${keyof typeof ROUTE_LIMITS}` | "trust-proxy-hops" | "events-retention-days" | "visitor-token-days" | AiFlag | "smtp-url" | "mail-from" | "mail-delay" | "mail-retry" | "attachment-max-mib",
    string | boolean
  >
>;
type AiFlag = "ai-url" | "ai-model" | "ai-timeout" | "ai-answers-per-conversation" | "ai-answers-per-day" | "ai-handoff-message" | "ai-allow-private-urls";

/** loadConfig merges flags over environment over defaults, and explains what is wrong. */
export function loadConfig(flags: RawConfig, env: Record<string, string | undefined>): Config {
  const d = defaultConfig();
  /** given is what the flag of a setting says, else its environment variable. */
  const given = (path: string): string | boolean | undefined => {
    const [flag, name] = sourceOf(path);
    return (flags as Record<string, string | boolean | undefined>)[flag] ?? env[name];
  };
  const num = (path: string, fallback: number) => {
    const x = given(path);
    return x === undefined || x === "" ? fallback : Number(x);
  };
  // note: seconds as typed, kept to the millisecond (so 2.5 is 2 500 ms, never refused for a fraction).
  const ms = (path: string, fallbackMs: number) => Math.round(num(path, fallbackMs / 1000) * 1000);
  const text = (path: string) => (given(path) as string | undefined) || null;
  const on = (path: string) => given(path) === true || given(path) === "true";
  const routes = Object.fromEntries(Object.entries(ROUTE_LIMITS).map(([route, fallback]) => [route, num(`limits.${route}`, fallback)])) as Record<keyof typeof ROUTE_LIMITS, number>;
  const raw = {
    port: num("port", d.port),
    host: String(given("host") ?? d.host),
    db: String(given("db") ?? d.db),
    publicUrl: text("publicUrl")?.replace(/\/+$/, "") || null,
    trustProxy: on("trustProxy"),
    identityGraceHours: num("identityGraceHours", d.identityGraceHours),
    limits: {
      visitorsPerMinute: num("limits.visitorsPerMinute", d.limits.visitorsPerMinute),
      conversationsPerHour: num("limits.conversationsPerHour", d.limits.conversationsPerHour),
      messagesPerMinute: num("limits.messagesPerMinute", d.limits.messagesPerMinute),
      ...routes,
    },
    streams: { perVisitor: num("streams.perVisitor", d.streams.perVisitor), perAddress: num("streams.perAddress", d.streams.perAddress) },
    trustProxyHops: num("trustProxyHops", d.trustProxyHops),
    eventsRetentionDays: num("eventsRetentionDays", d.eventsRetentionDays),
    visitorTokenDays: num("visitorTokenDays", d.visitorTokenDays),
    ai: {
      url: text("ai.url")?.replace(/\/+$/, "") || null,
      model: text("ai.model"),
      // note: the key comes from the environment only, so it never shows in a process list.
      key: env.WOES_AI_KEY || null,
      timeoutMs: ms("ai.timeoutMs", d.ai.timeoutMs),
      answersPerConversationHour: num("ai.answersPerConversationHour", d.ai.answersPerConversationHour),
      answersPerWorkspaceDay: num("ai.answersPerWorkspaceDay", d.ai.answersPerWorkspaceDay),
      handoffMessage: String(given("ai.handoffMessage") ?? d.ai.handoffMessage),
      allowPrivateUrls: on("ai.allowPrivateUrls"),
    },
    attachmentMaxMib: num("attachmentMaxMib", d.attachmentMaxMib),
    mail: {
      smtpUrl: text("mail.smtpUrl"),
      from: text("mail.from"),
      delayMs: ms("mail.delayMs", d.mail.delayMs),
      retryMs: retryList(given("mail.retryMs")) ?? d.mail.retryMs,
    },
  };
  const parsed = v.safeParse(Config, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    // note: an issue inside a list (one entry of --mail-retry) names the list.
    const path = (issue.path ?? []).map((p) => String(p.key)).filter((key) => !/^\d+$/.test(key)).join(".");
    const [flag, name] = sourceOf(path);
    const named = (flags as Record<string, unknown>)[flag] === undefined && env[name] !== undefined ? `${name} (environment)` : `--${flag}`;
    throw new ConfigError(`invalid ${named}: ${issue.message}`);
  }
  return parsed.output;
}

/** ConfigError is a setting the server cannot start with, named as the user gave it (a usage error: exit 2). */
export class ConfigError extends Error {}

/** SOURCES names each setting's flag and environment variable, by its path in Config. */
const SOURCES: Record<string, [flag: string, env: string]> = {
  port: ["port", "PORT"],
  host: ["host", "HOST"],
  db: ["db", "WOES_DB"],
  publicUrl: ["public-url", "WOES_PUBLIC_URL"],
  trustProxy: ["trust-proxy", "WOES_TRUST_PROXY"],
  identityGraceHours: ["identity-grace-hours", "WOES_IDENTITY_GRACE_HOURS"],
  "limits.visitorsPerMinute": ["limit-visitors", "WOES_LIMIT_VISITORS"],
  "limits.conversationsPerHour": ["limit-conversations", "WOES_LIMIT_CONVERSATIONS"],
  "limits.messagesPerMinute": ["limit-messages", "WOES_LIMIT_MESSAGES"],
  "streams.perVisitor": ["limit-streams", "WOES_LIMIT_STREAMS"],
  "streams.perAddress": ["limit-streams-per-address", "WOES_LIMIT_STREAMS_PER_ADDRESS"],
  trustProxyHops: ["trust-proxy-hops", "WOES_TRUST_PROXY_HOPS"],
  eventsRetentionDays: ["events-retention-days", "WOES_EVENTS_RETENTION_DAYS"],
  visitorTokenDays: ["visitor-token-days", "WOES_VISITOR_TOKEN_DAYS"],
  "ai.url": ["ai-url", "WOES_AI_URL"],
  "ai.model": ["ai-model", "WOES_AI_MODEL"],
  "ai.timeoutMs": ["ai-timeout", "WOES_AI_TIMEOUT"],
  "ai.answersPerConversationHour": ["ai-answers-per-conversation", "WOES_AI_ANSWERS_PER_CONVERSATION"],
  "ai.answersPerWorkspaceDay": ["ai-answers-per-day", "WOES_AI_ANSWERS_PER_DAY"],
  "ai.handoffMessage": ["ai-handoff-message", "WOES_AI_HANDOFF_MESSAGE"],
  "ai.allowPrivateUrls": ["ai-allow-private-urls", "WOES_AI_ALLOW_PRIVATE_URLS"],
  attachmentMaxMib: ["attachment-max-mib", "WOES_ATTACHMENT_MAX_MIB"],
  "mail.smtpUrl": ["smtp-url", "WOES_SMTP_URL"],
  "mail.from": ["mail-from", "WOES_MAIL_FROM"],
  "mail.delayMs": ["mail-delay", "WOES_MAIL_DELAY"],
  "mail.retryMs": ["mail-retry", "WOES_MAIL_RETRY"],
};

/** sourceOf is a setting's flag and environment variable; each route limit is `--limit-<route>`, `WOES_LIMIT_<ROUTE>`. */
function sourceOf(path: string): [flag: string, env: string] {
  const route = /^limits\.(\w+)$/.exec(path)?.[1];
  return SOURCES[path] ?? (route ? [`limit-${route}`, `WOES_LIMIT_${route.toUpperCase()}`] : [path, ""]);
}

// note: `--mail-retry 60,300,900,3600` is seconds; a bad entry becomes NaN, which the schema names.
const retryList = (x: string | boolean | undefined) => (typeof x === "string" && x.trim() ? x.split(",").map((n) => Math.round(Number(n.trim()) * 1000)) : undefined);
