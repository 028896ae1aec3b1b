// Search as scenarios: who finds what, highlighted and escaped, and never another workspace's data.
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { scenarios, send, visitor, type Scenario } from "../../helpers/builders";
import { asToken, asUser, makeAdminWorld } from "./fixture";

/** world adds an Acme visitor with conversation fields and a message carrying markup. */
async function world() {
  const w = await makeAdminWorld();
  const b = await visitor(w.t, { identity: { name: "Bruno Díaz", email: "bruno@wayne.example" } });
  const r = await send(w.t, b, { body: "My <img src=x onerror=alert(1)> invoice is wrong", fields: { plan: "Enterprise", seats: 40 } });
  if (r.status !== 201) throw new Error(r.text);
  const marked = await send(w.t, b, { conversationId: r.json.conversation.id, body: "<b>Zebra</b> crossing!" });
  if (marked.status !== 201) throw new Error(marked.text);
  return { ...w, b, convB: r.json.conversation.id as string };
}
type W = Awaited<ReturnType<typeof world>>;

const search = (q: string, workspace?: string) => `/api/admin/search?q=${encodeURIComponent(q)}${workspace ? `&workspace=${workspace}` : ""}`;
const kinds = (r: { json: any }) => r.json.results.map((x: any) => `${x.kind}:${x.conversationId}`);

const rows: Scenario<W>[] = [
  {
    name: "a message word is found, highlighted, in the caller's workspace",
    request: (w) => asUser(w.operator, { path: search("billing") }),
    status: 200,
    expectedContent: (w) => [w.convA, "<mark>billing</mark>", '"kind":"message"', '"name":"Ada"'],
    notExpectedContent: ["GLOBEX"],
  },
  {
    name: "an internal note is found by operators, flagged internal",
    request: (w) => asUser(w.operator, { path: search("refund", w.acme) }),
    status: 200,
    expectedContent: ["<mark>refund</mark>", '"internal":true'],
  },
  {
    name: "Globex's token never sees Acme's messages",
    request: (w) => asToken(w.globexToken, { path: search("billing") }),
    status: 200,
    expectedContent: ['{"results":[]}'],
    notExpectedContent: (w) => w.acmeSecrets,
  },
  {
    name: "Globex's operator finds Globex's own conversation and nothing of Acme's",
    request: (w) => asUser(w.globexUser, { path: search("question") }),
    status: 200,
    expectedContent: (w) => [w.convC, "GLOBEX_<mark>QUESTION</mark>"],
    notExpectedContent: (w) => [...w.acmeSecrets, "bruno"],
  },
  {
    name: "a visitor is found by name, accents folded, as a prefix",
    request: (w) => asUser(w.operator, { path: search("diaz") }),
    status: 200,
    expectedContent: (w) => ['"kind":"visitor"', w.convB, w.b.id, "<mark>Díaz</mark>"],
  },
  {
    name: "a visitor is found by email",
    request: (w) => asUser(w.operator, { path: search("bruno@wayne") }),
    status: 200,
    expectedContent: (w) => ['"kind":"visitor"', w.convB, "<mark>wayne</mark>"],
  },
  {
    name: "a conversation is found by a field value",
    request: (w) => asUser(w.operator, { path: search("enterprise") }),
    status: 200,
    expectedContent: (w) => ['"kind":"conversation"', w.convB, "plan: <mark>Enterprise</mark>"],
  },
  {
    name: "markup in a message comes back escaped, never as a tag",
    request: (w) => asUser(w.operator, { path: search("invoice") }),
    status: 200,
    expectedContent: ["&lt;img src=x onerror=alert(1)&gt;", "<mark>invoice</mark>"],
    notExpectedContent: ["<img"],
  },
  {
    name: "a snippet keeps the text before the first word and after the last, escaped",
    request: (w) => asUser(w.operator, { path: search("zebra") }),
    status: 200,
    expectedContent: ['"snippet":"&lt;b&gt;<mark>Zebra</mark>&lt;/b&gt; crossing!"'],
  },
  { name: "FTS5 syntax typed by the caller is plain words", request: (w) => asUser(w.operator, { path: search('AND "NEAR( billing* OR') }), status: 200 },
  { name: "punctuation only finds nothing", request: (w) => asUser(w.operator, { path: search("!!! ***") }), status: 200, expectedContent: ['{"results":[]}'] },
  { name: "an empty search is refused", request: (w) => asUser(w.operator, { path: search("  ") }), status: 422 },
  { name: "a search over 200 characters is refused", request: (w) => asUser(w.operator, { path: search("a".repeat(201)) }), status: 422 },
  { name: "another workspace by id is not found", request: (w) => asUser(w.operator, { path: search("question", w.other.workspace.id) }), status: 404, notExpectedContent: ["GLOBEX"] },
  { name: "no credentials is 401", request: () => ({ path: search("billing") }), status: 401 },
];

describe("search: scenarios", () => {
  scenarios(world, rows);
});

describe("search: the index follows the data", () => {
  test("a later identity and a new message are found at once", async () => {
    const w = await world();
    const find = (q: string) => w.t.call(asUser(w.owner, { path: search(q) }));
    expect(kinds(await find("zelda"))).toEqual([]);
    await visitor(w.t, { token: w.a.token, identity: { name: "Zelda Ada" } });
    expect(kinds(await find("zelda"))).toEqual([`visitor:${w.convA}`]);
    await send(w.t, w.b, { conversationId: w.convB, body: "the parcel never arrived" });
    const hits = await find("parcel");
    expect(kinds(hits)).toEqual([`message:${w.convB}`]);
    expect(hits.json.results[0].messageId).toMatch(/^msg_/);
  });

  test("messages erased before and after they reached the index leave it whole and unfound", async () => {
    const w = await world();
    const find = (q: string) => w.t.call(asUser(w.owner, { path: search(q) }));
    const early = await visitor(w.t);
    expect((await send(w.t, early, { body: "a walrus came early" })).status).toBe(201);
    expect(kinds(await find("walrus"))).toHaveLength(1);
    // note: the index is filled in batches between requests; this message is not in it yet.
    const late = await visitor(w.t);
    expect((await send(w.t, late, { body: "a narwhal came late" })).status).toBe(201);
    for (const v of [early, late]) expect((await w.t.admin({ method: "DELETE", path: `/api/admin/visitors/${v.id}` })).status).toBe(204);
    expect(kinds(await find("walrus"))).toEqual([]);
    expect(kinds(await find("narwhal"))).toEqual([]);
    // note: FTS5 compares its index with the message table and throws on any difference; on Postgres the words rows
    // must be the messages' own, one each.
    if (w.t.store.dialect === "sqlite") await w.t.store.db.run(sql`insert into message_fts (message_fts, rank) values ('integrity-check', 1)`);
    else expect(await w.t.store.db.all(sql`select m.seq, w.seq from message m full join message_words w on w.seq = m.seq where m.seq is null or w.seq is null`)).toEqual([]);
  });

  test("a word still being typed finds the newest messages with a word it starts, marked, in the caller's workspaces only", async () => {
    const w = await world();
    const find = async (q: string, as = w.operator) => (await w.t.call(asUser(as, { path: search(q) }))).json.results.filter((r: any) => r.kind === "message");
    const bodies: string[] = [];
    for (const body of ["an ordinary parcel", "an extraordinary parcel", "the ordinal parcel", "an Ördinateur parcel"]) {
      const r = await send(w.t, w.b, { conversationId: w.convB, body });
      bodies.push(r.json.message.id);
    }
    await send(w.t, w.c, { body: "a globex ordinary parcel" });
    const hits = await find("parcel ordi");
    // note: newest first; "extraordinary" has no word starting "ordi"; the accent is folded.
    expect(hits.map((h: any) => h.messageId)).toEqual([bodies[3], bodies[2], bodies[0]]);
    expect(hits.map((h: any) => h.snippet)).toEqual(["an <mark>Ördinateur</mark> <mark>parcel</mark>", "the <mark>ordinal</mark> <mark>parcel</mark>", "an <mark>ordinary</mark> <mark>parcel</mark>"]);
    expect((await find("ordi")).map((h: any) => h.messageId)).toEqual([bodies[3], bodies[2], bodies[0]]);
    expect(JSON.stringify(await find("ordi", w.globexUser))).not.toContain(w.convB);
  });

  test("a word being typed does not start inside a word whose letter before it lies outside the BMP, as the index agrees", async () => {
    const w = await world();
    const find = async (q: string) => (await w.t.call(asUser(w.operator, { path: search(q) }))).json.results.filter((r: any) => r.kind === "message");
    const plain = await send(w.t, w.b, { conversationId: w.convB, body: "the ordinal parcel" });
    await send(w.t, w.b, { conversationId: w.convB, body: "the \u{1D401}ordinal parcel" });
    // note: 𝐁 (U+1D401) is a letter, so "𝐁ordinal" is one word; FTS5 finds it only by "𝐁ordi", never by "ordi".
    expect((await find("ordi")).map((h: any) => h.messageId)).toEqual([plain.json.message.id]);
    expect((await find("parcel ordi")).map((h: any) => h.messageId)).toEqual([plain.json.message.id]);
  });

  test("letters the index keeps whole (ł) are kept whole by the word being typed too", async () => {
    const w = await world();
    const find = async (q: string) => (await w.t.call(asUser(w.operator, { path: search(q) }))).json.results.filter((r: any) => r.kind === "message").map((h: any) => h.messageId);
    const lodz = (await send(w.t, w.b, { conversationId: w.convB, body: "we ship to Łódź" })).json.message.id;
    // note: unicode61 folds ó and ź but not ł, so the index and the newest messages agree on both.
    expect(await find("łod")).toEqual([lodz]);
    expect(await find("łodz ship")).toEqual([lodz]);
    expect(await find("lod")).toEqual([]);
    expect(await find("lodz ship")).toEqual([]);
  });

  test("precomposed letters the index keeps whole outside Latin (ё, ά, 한) are kept whole by the word being typed too", async () => {
    const w = await world();
    const find = async (q: string) => (await w.t.call(asUser(w.operator, { path: search(q) }))).json.results.filter((r: any) => r.kind === "message").map((h: any) => h.messageId);
    const id = (await send(w.t, w.b, { conversationId: w.convB, body: "ёлка καλά 한국 café" })).json.message.id;
    for (const q of ["ёлк", "καλά", "한", "cafe", "CAFÉ"]) expect(await find(q)).toEqual([id]);
    // note: unicode61 indexes "ёлка", "καλά" and "한국" as written, so "елк", "καλα" and "하" find them nowhere.
    for (const q of ["елк", "καλα", "하"]) expect(await find(q)).toEqual([]);
  });
});
