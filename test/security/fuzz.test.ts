// Property-based bad input, ≥ 2000 generated requests per widget route: never a 5xx, every error
// in the contract's exact shape, and no long distinctive input echoed back in an error.
import { beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { ROUTE_LIMITS } from "../../src/config";
import { BUG_FORM, LEAK_PATTERNS, isErrorShape, makeWorld, setSettings, type World } from "../helpers/builders";

const RUNS = 2000;
const ERROR_STATUSES = new Set([400, 401, 403, 404, 409, 413, 415, 422, 429]);
const ALNUM = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];

// ---------- arbitraries ----------

/** marker is a long distinctive string: if an error answer contains it, the input was echoed. */
const marker = fc.array(fc.constantFrom(...ALNUM), { minLength: 41, maxLength: 90 }).map((a) => `Zq${a.join("")}`);
const isDistinctive = (s: string) => s.length > 40 && new Set(s).size >= 12;
const huge = fc.tuple(fc.constantFrom("a", "é", "😀", "<script>", "\u0000", " "), fc.integer({ min: 2_000, max: 70_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length)));
const tricky = fc.constantFrom("", " ", "null", "0", "-1", "1e309", "__proto__", "constructor", "prototype", "csat", "nps", "active", "widget_open", "bug_report", "subject", "../../etc/passwd", "' OR 1=1 --", "\u202e", "%00", "bTE", "m1");
const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), marker, tricky);
const headerText = fc.oneof(fc.array(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), { maxLength: 300 }).map((a) => a.join("")), marker, tricky.filter((s) => /^[\x20-\x7e]*$/.test(s)));
const { junk } = fc.letrec<{ junk: unknown }>((tie) => ({
  junk: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("junk"), { maxLength: 5 }),
    fc.dictionary(text, tie("junk"), { maxKeys: 5 }),
  ),
}));
const anything = fc.oneof({ weight: 6, arbitrary: junk }, { weight: 1, arbitrary: huge }, { weight: 2, arbitrary: fc.jsonValue() });
/** maybe gives a plausible value most of the time, anything otherwise. */
const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anything });
/** shaped makes objects with the route's own field names, each plausible or junk, each optional. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, maybe(a)])), { requiredKeys: [] });

/** Case is one generated request. */
interface Case {
  key?: string;
  token?: string;
  contentType?: string;
  headers: Record<string, string>;
  body?: unknown;
  raw?: string;
  query?: string;
}

const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant("application/json") },
  { weight: 2, arbitrary: fc.constantFrom("text/plain", "text/plain;charset=UTF-8", "application/json; charset=utf-8", "APPLICATION/JSON", "text/html", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json;;") },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: headerText },
);
const extraHeaders = fc.dictionary(fc.constantFrom("origin", "x-forwarded-for", "cookie", "accept", "accept-encoding", "x-woes-key", "referer", "user-agent", "content-encoding", "transfer-encoding-x"), headerText, { maxKeys: 3 });
const queryString = (fields: Record<string, fc.Arbitrary<string>>) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, fc.oneof({ weight: 4, arbitrary: a }, text, headerText)])), { requiredKeys: Object.keys(fields).slice(0, 1) }).map((o) => new URLSearchParams(o as Record<string, string>).toString()) },
    { weight: 1, arbitrary: fc.dictionary(text, text, { maxKeys: 4 }).map((o) => new URLSearchParams(o).toString()) },
    { weight: 1, arbitrary: fc.string({ unit: "binary" }).map((s) => encodeURI(s.replace(/[\ud800-\udfff]/g, ""))) },
  );

// ---------- the routes ----------

interface Route {
  method: "GET" | "POST";
  path: string;
  /** gen builds the route's case generator once the world exists. */
  gen: (w: World, auth: fc.Arbitrary<{ key?: string; token?: string }>) => fc.Arbitrary<Case>;
}

const page = fc.record({ url: text, title: text, referrer: text }, { requiredKeys: [] });
const goodPage = fc.record({ url: fc.webUrl(), title: fc.string() }, { requiredKeys: ["url"] });
/** postCase mixes valid bodies, bodies of the route's shape with junk fields, and plain junk. */
const postCase = (valid: fc.Arbitrary<unknown>, shape: fc.Arbitrary<unknown>) => (auth: fc.Arbitrary<{ key?: string; token?: string }>) =>
  fc.record({
    auth,
    contentType,
    headers: extraHeaders,
    body: fc.oneof({ weight: 3, arbitrary: valid }, { weight: 5, arbitrary: shape }, { weight: 2, arbitrary: anything }),
    raw: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(text, huge) }),
  }).map(({ auth: a, ...rest }): Case => ({ ...a, ...rest }));
const getCase = (query: fc.Arbitrary<string>) => (auth: fc.Arbitrary<{ key?: string; token?: string }>) =>
  fc.record({ auth, headers: extraHeaders, query }).map(({ auth: a, ...rest }): Case => ({ ...a, ...rest }));
const goodText = fc.string({ minLength: 1, maxLength: 200 }).filter((x) => x.trim().length > 0);

const ROUTES: Route[] = [
  {
    method: "POST",
    path: "/api/widget/session",
    gen: (w, auth) => {
      const identity = { email: fc.constantFrom("ada@example.com", "x@y.z"), name: text, company: text, id: text, email_hash: fc.constantFrom("", "00", "a".repeat(64)), jwt: fc.constantFrom("a.b.c", "eyJhbGciOiJub25lIn0.e30.") };
      const valid = fc.record({ identity: fc.record({ email: identity.email, name: fc.string({ maxLength: 100 }) }, { requiredKeys: [] }), page: goodPage, locale: fc.constantFrom("en", "fr-FR") }, { requiredKeys: [] });
      return postCase(valid, shaped({ identity: shaped(identity), page, locale: text }))(auth);
    },
  },
  {
    method: "GET",
    path: "/api/widget/messages",
    gen: (w, auth) =>
      fc.oneof(
        getCase(fc.record({ conversation: fc.constant(w.convA), limit: fc.integer({ min: 1, max: 100 }).map(String), after: fc.constantFrom("0", w.reply.id, w.agentReply.id) }, { requiredKeys: ["conversation"] }).map((o) => new URLSearchParams(o).toString()))(auth),
        getCase(queryString({ conversation: fc.constantFrom(w.convA, w.convB, w.convC), after: fc.constantFrom("0", w.reply.id, "m1", w.note.id), limit: fc.constantFrom("1", "0", "100", "101", "-1", "1.5"), wait: fc.constantFrom("0", "1", "31", "-1") }))(auth),
      ),
  },
  { method: "GET", path: "/api/widget/messages/stream", gen: (_w, auth) => getCase(queryString({ conversation: text }))(auth) },
  {
    method: "POST",
    path: "/api/widget/messages",
    gen: (w, auth) => {
      const valid = fc.oneof(
        fc.record({ conversationId: fc.constant(w.convA), body: goodText, clientId: fc.uuid() }, { requiredKeys: ["body"] }),
        fc.record({ body: goodText, fields: fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 5 }) }),
        fc.record({ body: goodText, ticket: fc.record({ form: fc.constant("bug_report"), fields: fc.record({ subject: goodText, severity: fc.constantFrom("low", "high") }, { requiredKeys: [] }) }) }),
      );
      const shape = shaped({ conversationId: fc.constantFrom(w.convA, w.convB, w.convC), body: text, clientId: text, fields: fc.dictionary(text, anything, { maxKeys: 4 }), ticket: shaped({ form: fc.constantFrom("bug_report", "nope"), fields: shaped({ subject: text, contact: text, severity: fc.constantFrom("low", "high", "urgent") }) }) });
      return postCase(valid, shape)(auth);
    },
  },
  {
    method: "POST",
    path: "/api/widget/messages/read",
    gen: (w, auth) => postCase(fc.record({ conversationId: fc.constant(w.convA), messageId: fc.constantFrom(w.reply.id, w.agentReply.id) }, { requiredKeys: ["conversationId"] }), shaped({ conversationId: fc.constantFrom(w.convA, w.convB, w.convC), messageId: fc.constantFrom(w.reply.id, w.note.id, "msg_x") }))(auth),
  },
  {
    method: "POST",
    path: "/api/widget/messages/handoff",
    gen: (w, auth) => postCase(fc.record({ conversationId: fc.constant(w.convA) }), shaped({ conversationId: fc.constantFrom(w.convA, w.convB, w.convC, "conv_x") }))(auth),
  },
  {
    method: "POST",
    path: "/api/widget/events",
    gen: (w, auth) => {
      const event = fc.record({ type: fc.constantFrom("launcher_view", "widget_open", "survey_view"), conversationId: fc.constant(w.convA), page: goodPage, props: fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.boolean()), { maxKeys: 5 }) }, { requiredKeys: ["type"] });
      const valid = fc.record({ events: fc.array(event, { minLength: 1, maxLength: 5 }), key: fc.constant(w.t.ws.publicKey), token: fc.constant(w.a.token) }, { requiredKeys: ["events"] });
      const shape = shaped({ events: fc.array(shaped({ type: fc.constantFrom("launcher_view", "widget_open", "nope"), at: fc.constantFrom("2026-11-24T12:00:00Z", "yesterday"), conversationId: fc.constantFrom(w.convA, w.convB), page, props: fc.dictionary(text, anything, { maxKeys: 4 }) }), { maxLength: 60 }), key: fc.constant(w.t.ws.publicKey), token: fc.constant(w.a.token) });
      return postCase(valid, shape)(auth);
    },
  },
  {
    method: "POST",
    path: "/api/widget/presence",
    gen: (w, auth) => postCase(fc.record({ state: fc.constantFrom("active", "idle", "hidden", "offline"), page: goodPage }, { requiredKeys: ["state"] }), shaped({ state: fc.constantFrom("active", "idle", "hidden", "offline", "asleep"), page, key: fc.constant(w.t.ws.publicKey), token: fc.constant(w.a.token) }))(auth),
  },
  {
    method: "POST",
    path: "/api/widget/csat",
    gen: (w, auth) => postCase(fc.record({ conversationId: fc.constant(w.convA), kind: fc.constant("csat"), score: fc.integer({ min: 1, max: 5 }), comment: fc.string() }, { requiredKeys: ["conversationId", "kind", "score"] }), shaped({ conversationId: fc.constantFrom(w.convA, w.convB, w.convC), kind: fc.constantFrom("csat", "nps"), score: fc.integer({ min: -2, max: 12 }), comment: text }))(auth),
  },
];

// ---------- running a case ----------

function stringsOf(x: unknown, out: string[] = []): string[] {
  if (typeof x === "string") out.push(x);
  else if (Array.isArray(x)) for (const y of x) stringsOf(y, out);
  else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) out.push(k), stringsOf(v, out);
  return out;
}

async function hit(w: World, route: Route, c: Case) {
  const headers = new Headers(c.headers);
  if (c.key !== undefined) headers.set("x-woes-key", c.key);
  if (c.token !== undefined) headers.set("authorization", `Bearer ${c.token}`);
  if (route.method === "POST" && c.contentType !== undefined) headers.set("content-type", c.contentType);
  const body = route.method === "POST" ? (c.raw ?? JSON.stringify(c.body)) : undefined;
  const url = `http://localhost${route.path}${c.query ? `?${c.query}` : ""}`;
  // note: the abort ends any long poll or stream a case happens to open.
  const res = await w.t.app.handle(new Request(url, { method: route.method, headers, body, signal: AbortSignal.timeout(150) }));
  if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    await res.body?.cancel();
    return { status: res.status, text: "" };
  }
  return { status: res.status, text: await res.text() };
}

function judge(w: World, c: Case, r: { status: number; text: string }) {
  const problem = (why: string) => `${why}\nstatus ${r.status}: ${r.text.slice(0, 300)}\ncase: ${JSON.stringify(c).slice(0, 600)}`;
  if (r.status >= 500) throw new Error(problem("5xx"));
  for (const s of [w.t.ws.identitySecret, w.t.adminToken, w.other.identitySecret, w.note.body]) if (r.text.includes(s)) throw new Error(problem("secret in answer"));
  if (r.status < 300) {
    if (r.text !== "") JSON.parse(r.text);
    return;
  }
  if (!ERROR_STATUSES.has(r.status)) throw new Error(problem("status outside the contract"));
  if (!isErrorShape(r.text)) throw new Error(problem("error shape"));
  for (const p of LEAK_PATTERNS) if (p.test(r.text)) throw new Error(problem(`leak pattern ${p}`));
  const inputs = [...stringsOf(c.body), ...stringsOf(c.headers), c.raw ?? "", c.key ?? "", c.token ?? "", ...(c.query ? [...new URLSearchParams(c.query)].flat() : [])];
  for (const s of inputs) if (isDistinctive(s) && r.text.includes(s)) throw new Error(problem(`input echoed: ${s.slice(0, 60)}`));
}

// ---------- the properties ----------

describe("fuzz: bad input on every widget route", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ config: { limits: { visitorsPerMinute: 1e9, conversationsPerHour: 1e9, messagesPerMinute: 1e9, ...Object.fromEntries(Object.keys(ROUTE_LIMITS).map((k) => [k, 1e9])) } } });
    await setSettings(w.t, { survey: "csat", ticketForms: [BUG_FORM] });
  });

  for (const route of ROUTES) {
    test(`${route.method} ${route.path}: ${RUNS} generated requests`, async () => {
      const token = fc.oneof({ weight: 8, arbitrary: fc.constant(w.a.token) }, { weight: 1, arbitrary: fc.constant(w.c.token) }, { weight: 1, arbitrary: fc.option(headerText) });
      const key = fc.oneof({ weight: 8, arbitrary: fc.constant(w.t.ws.publicKey) }, { weight: 1, arbitrary: fc.constantFrom(w.other.publicKey, w.agent.key) }, { weight: 1, arbitrary: fc.option(headerText) });
      const auth = fc.record({ key: key.map((k) => (k ?? undefined) as string | undefined), token: token.map((t) => (t ?? undefined) as string | undefined) });
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(route.gen(w, auth), async (c) => {
          const r = await hit(w, route, c);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          judge(w, c, r);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), verbose: 1 },
      );
      if (process.env.FUZZ_STATS) console.log(route.path, JSON.stringify([...statuses].sort()));
      // note: the generator has to reach past authentication, or the property proves little.
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThanOrEqual(RUNS);
      const past = [...statuses].filter(([s]) => s !== 401 && s !== 403).reduce((a, [, n]) => a + n, 0);
      expect(past / total).toBeGreaterThan(0.5);
      const served = [...statuses].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0);
      expect(served / total).toBeGreaterThan(0.1);
    }, 60_000);
  }
});
