// Data for console tests, made the way real widgets make it: visitors, messages, events and survey
// answers through the widget API, replies, notes and closes through the operator API.
import { createHmac } from "node:crypto";
import { operator, type Server } from "../widget/browser-kit";

/** Visitor is one visitor made through the widget API, as a widget on the shop's site would. */
export type Visitor = Awaited<ReturnType<typeof visitor>>;

/** visitor starts a widget session for identity on page and returns calls made as that visitor. */
export async function visitor(server: Server, identity: { name?: string; email?: string } = {}, page = "https://shop.acme.test/", token?: string) {
  const call = async (path: string, body?: unknown) => {
    const headers: Record<string, string> = { "x-woes-key": server.publicKey, origin: "https://shop.acme.test" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${server.url}/api/widget/${path}`, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`widget ${path} answered ${res.status}: ${text}`);
    return { text, json: JSON.parse(text) };
  };
  const session = (await call("session", { identity, page: { url: page, title: "Acme Outfitters" }, locale: "en-GB" })).json;
  token = session.visitor.token as string;
  return {
    token,
    id: session.visitor.id as string,
    call,
    /** send writes a message (starting a conversation without conversationId) and returns the conversation id. */
    send: async (body: string, conversationId?: string): Promise<string> => (await call("messages", { body, conversationId })).json.conversation.id,
    /** events reports widget events, at times up to a day ago. */
    events: (events: { type: string; at?: string }[]) => call("events", { events }),
    survey: (conversationId: string, kind: "csat" | "nps", score: number, comment?: string) => call("csat", { conversationId, kind, score, comment }),
    /** here reports the visitor active on its page, so the console lists it as online. */
    here: () => call("presence", { state: "active", page: { url: page, title: "Acme Outfitters" } }),
  };
}

/** readStream reads a visitor's live feed, as raw text, until stop(). */
export function readStream(server: Server, token: string) {
  const abort = new AbortController();
  let text = "";
  const done = (async () => {
    try {
      const res = await fetch(`${server.url}/api/widget/messages/stream`, { headers: { "x-woes-key": server.publicKey, authorization: `Bearer ${token}` }, signal: abort.signal });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    } catch {
      // note: stop() aborts the read.
    }
  })();
  return {
    text: () => text,
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}

const hour = 3_600_000;
const agoIso = (ms: number) => new Date(Date.now() - ms).toISOString();

/** PEOPLE are the seeded visitors: who they are, what they wrote, and how it ended. */
const PEOPLE: { name?: string; email?: string; verified?: boolean; page: string; says: string[]; reply?: string; note?: string; end?: { csat: number; nps: number; comment?: string } }[] = [
  { name: "Ada Lovelace", email: "ada@analytical.example", verified: true, page: "https://shop.acme.test/checkout", says: ["Do you ship to Norway? The checkout only lists EU countries."], reply: "We do! Pick “Other” and type Norway; shipping is calculated at the next step." },
  { name: "Grace Hopper", email: "grace@navy.example", verified: true, page: "https://shop.acme.test/orders/9921", says: ["My tent arrived with a broken pole.", "Photos attached in my email from this morning."], reply: "Sorry about that! A replacement pole is on its way, no need to send the old one back.", note: "Second broken pole this month from batch 7: flagged to the supplier.", end: { csat: 5, nps: 10, comment: "Sorted in five minutes." } },
  { page: "https://shop.acme.test/products/trail-jacket", says: ["Is the trail jacket fully waterproof or just water resistant?"] },
  { name: "Linus Torvalds", email: "linus@kernel.example", page: "https://shop.acme.test/account", says: ["Can I still change my delivery address? I moved last week."], reply: "Done: the parcel now goes to the new address.", end: { csat: 3, nps: 6, comment: "Took a while to get an answer." } },
  { name: "Margaret Hamilton", email: "margaret@apollo.example", verified: true, page: "https://shop.acme.test/returns", says: ["Hello, I would like to return the 38 litre backpack I bought in March because the hip belt does not fit me well, even at the smallest setting. It is unused and still has the tags. What is the best way to send it back, and will the refund go to the same card?"] },
  { name: "Katherine Johnson", email: "katherine@nasa.example", page: "https://shop.acme.test/", says: ["Your size guide for boots is great, thanks!"], reply: "Thank you, Katherine!", end: { csat: 4, nps: 9 } },
  { name: "Alan Turing", email: "alan@bletchley.example", page: "https://shop.acme.test/products/stove", says: ["Does the camping stove take butane or propane cartridges?"], reply: "Both, with the included adapter.", end: { csat: 4, nps: 8 } },
  { email: "hedy@lamarr.example", page: "https://shop.acme.test/gift-cards", says: ["My gift card code says it is already used."], reply: "I have issued you a new code by email.", end: { csat: 2, nps: 3, comment: "The first code never worked." } },
];

/** seed fills the workspace like two days of real use: visitors on pages, conversations, replies, a note,
 * closes with CSAT and NPS answers, and widget events. It returns conversation ids by visitor name
 * (or email) and leaves the survey set to NPS. */
export async function seed(server: Server & { identitySecret: string }) {
  const op = operator(server);
  const ended: { v: Visitor; id: string; end: NonNullable<(typeof PEOPLE)[number]["end"]> }[] = [];
  const ids: Record<string, string> = {};
  for (const [i, p] of PEOPLE.entries()) {
    const identity: Record<string, string> = {};
    if (p.name) identity.name = p.name;
    if (p.email) identity.email = p.email;
    if (p.verified) identity.email_hash = createHmac("sha256", server.identitySecret).update(p.email!).digest("hex");
    const v = await visitor(server, identity, p.page);
    // note: events may be dated up to a day back; they spread over today and yesterday.
    const views = Array.from({ length: 6 + 3 * i }, (_, j) => ({ type: "launcher_view", at: agoIso(((i * 7 + j * 5) % 23) * hour) }));
    const opens = Array.from({ length: 2 + i }, (_, j) => ({ type: "widget_open", at: agoIso(((i * 5 + j * 3) % 23) * hour) }));
    await v.events([...views, ...opens]);
    let id = "";
    for (const text of p.says) id = await v.send(text, id || undefined);
    if (p.reply) await op.reply(id, p.reply);
    if (p.note) await op.reply(id, p.note, true);
    if (p.end) ended.push({ v, id, end: p.end });
    await v.here();
    ids[p.name ?? p.email ?? "anonymous"] = id;
  }
  for (const e of ended) await op.close(e.id);
  for (const kind of ["csat", "nps"] as const) {
    await op.settings({ survey: kind });
    for (const e of ended) await e.v.survey(e.id, kind, e.end[kind], e.end.comment);
  }
  return ids;
}
