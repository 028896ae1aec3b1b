// Extractive mode on the shipped product docs: questions the pages answer are quoted from the right
// passage (named only when it has a URL); questions they do not answer go to the team.
import { describe, expect, test } from "bun:test";
import { htmlToText, splitPassages } from "../../src/agents/text";
import { createAdminToken, createWorkspace } from "../../src/domain/workspaces";
import { addKey } from "../helpers/builders";
import { docText, makeAgentApp } from "./kit";

type World = Awaited<ReturnType<typeof makeAgentApp>>;
let shared: Promise<World> | null = null;
const world = () => (shared ??= makeAgentApp());

const tryIt = async (w: World, question: string) =>
  w.t.admin({ path: `/api/admin/workspaces/${w.t.ws.workspace.id}/agents/${w.agentId}/try`, body: { question } });

// name, question, the words the quoted passage must contain, the source cited (null: none named)
const MUST_MATCH: [string, string, string, string | null][] = [
  ["a question in other words (forgot → reset link)", "I forgot my password", "reset link", "https://docs.acme.example/account"],
  ["plural and casing (REFUNDS for annual PLANS)", "REFUNDS for annual PLANS?", "within 30 days", "https://docs.acme.example/billing"],
  ["a stemmed verb (cancelling ← cancel)", "How do I cancel my subscription?", "Cancel at any time", "https://docs.acme.example/billing"],
  ["a heading's words (two-factor)", "how to set up two-factor authentication", "authenticator app", "https://docs.acme.example/account"],
  ["an HTML page reduced to text", "What are allowed origins?", "only pages", "https://docs.acme.example/widget"],
  ["the price of a plan", "How much does the Team plan cost?", "29 euros per seat", "https://docs.acme.example/billing"],
  ["an internal document is quoted but never named", "My parcel has not arrived", "replacement at no cost", null],
];

const MUST_NOT_MATCH: [string, string][] = [
  ["a question the docs do not cover", "What is the capital of France?"],
  ["a greeting", "hello"],
  ["one rare word in common is not enough", "What is your phone number?"],
  ["two words each in another passage", "I want to cancel my order"],
  ["an app the docs never mention", "Is there a mobile app for iPhone?"],
];

describe("extractive mode over test/fixtures/docs", () => {
  for (const [name, question, quoted, url] of MUST_MATCH) {
    test(`answers: ${name}`, async () => {
      const w = await world();
      const r = await tryIt(w, question);
      expect(r.status).toBe(200);
      expect(r.json.handoff).toBe(false);
      expect(r.json.answer.body).toContain(`> `);
      expect(r.json.answer.body).toContain(quoted);
      expect(r.json.trace.mode).toBe("extractive");
      expect(r.json.trace.passages[0].score).toBeGreaterThanOrEqual(0.4);
      if (url) {
        expect(r.json.answer.sources).toEqual([{ title: expect.any(String), url }]);
        expect(r.json.answer.body).toContain(`Source: ${url}`);
      } else {
        expect(r.json.answer.sources).toEqual([]);
        expect(r.json.answer.body).not.toContain("shipping");
        expect(r.json.answer.body).toStartWith("Here is what I found in our documentation:");
      }
    });
  }
  for (const [name, question] of MUST_NOT_MATCH) {
    test(`hands over: ${name}`, async () => {
      const r = await tryIt(await world(), question);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ answer: null, handoff: true, reason: "no_context" });
    });
  }
  test("another agent's sources are never searched", async () => {
    const w = await world();
    const other = await w.t.admin({ path: `/api/admin/workspaces/${w.t.ws.workspace.id}/agents`, body: { name: "Empty" } });
    const r = await w.t.admin({ path: `/api/admin/workspaces/${w.t.ws.workspace.id}/agents/${other.json.agent.id}/try`, body: { question: "I forgot my password" } });
    expect(r.json).toMatchObject({ answer: null, handoff: true, reason: "no_context" });
  });
});

describe("one workspace's sources never change what another's agent finds", () => {
  // note: the words' rarity is the agent's own; bm25's length normalization (the average passage length) is
  // still the whole index's, so scores may move a little, but not which passages are found.
  test("400 passages full of the question's words in another workspace leave the answers as they were", async () => {
    const w = await makeAgentApp();
    const questions = ["How do I get a refund for my annual subscription?", "I forgot my password", "What is your phone number?"];
    const ask = async () => Promise.all(questions.map(async (q) => (await tryIt(w, q)).json));
    const before = await ask();
    expect(before[0]).toMatchObject({ handoff: false, trace: { passages: [{ score: expect.any(Number) }] } });
    const other = await createWorkspace(w.t.store, "Globex", w.t.clock.now());
    const token = (await createAdminToken(w.t.store, { name: "globex", workspaceIds: [other.workspace.id] }, w.t.clock.now())).token;
    const globex = await addKey(w.t, { workspaceId: other.workspace.id, agent: { name: "G" } });
    const noise = Array.from({ length: 400 }, (_, i) => `# Topic ${i}\n\nrefund annual subscription password phone number note ${i}.`).join("\n\n");
    const added = await w.t.call({ path: `/api/admin/workspaces/${other.workspace.id}/agents/${globex.agentId}/sources`, headers: { authorization: `Bearer ${token}` }, body: { title: "noise", text: noise } });
    expect(added.json.chunks).toBe(400);
    const after = await ask();
    for (let i = 0; i < questions.length; i++) {
      const found = (r: any) => [questions[i], r.handoff, r.reason, r.answer?.body, r.trace.passages.map((p: any) => p.text)];
      expect(found(after[i])).toEqual(found(before[i]));
    }
  });
});

describe("which passages are weighed is the agent's own", () => {
  // note: the candidates re-scored are each word's best passages of this agent; if they were the best few by the
  // whole index's bm25, a word common elsewhere would weigh nothing there and push this agent's answer out.
  test("a passage with both words of a question is found among many passages with one of them each", async () => {
    const w = await makeAgentApp({ docs: false });
    const many = (word: string) => Array.from({ length: 25 }, (_, i) => `# ${word} ${i}\n\n${word} ${i}.`).join("\n\n");
    const filler = Array.from({ length: 10 }, (_, i) => `# Filler ${i}\n\nOpening hours and contact details, page ${i}.`).join("\n\n");
    const text = `${many("Refund")}\n\n${many("Shipping")}\n\n${filler}\n\n# Returns\n\nThe refund covers shipping.`;
    expect((await w.t.admin({ path: w.sourcesPath, body: { title: "notes", text } })).status).toBe(201);
    const r = (await tryIt(w, "Is there a refund for shipping?")).json;
    expect([r.handoff, r.trace.passages[0]?.text]).toEqual([false, "The refund covers shipping."]);
  });

  test("a word that fills another workspace's sources still finds this agent's one passage that has it", async () => {
    const w = await makeAgentApp({ docs: false });
    const notes = Array.from({ length: 20 }, (_, i) => `# Shipping note ${i}\n\nShipping, shipping and more shipping: note ${i}.`).join("\n\n");
    expect((await w.t.admin({ path: w.sourcesPath, body: { title: "notes", text: `${notes}\n\n# Insurance\n\nWe insure every parcel we are shipping against loss.` } })).status).toBe(201);
    const question = "Is my shipping insured?";
    const before = (await tryIt(w, question)).json;
    expect(before.answer?.body).toContain("We insure every parcel");
    const other = await createWorkspace(w.t.store, "Globex", w.t.clock.now());
    const token = (await createAdminToken(w.t.store, { name: "globex", workspaceIds: [other.workspace.id] }, w.t.clock.now())).token;
    const globex = await addKey(w.t, { workspaceId: other.workspace.id, agent: { name: "G" } });
    const noise = Array.from({ length: 400 }, (_, i) => `# Policy ${i}\n\nInsured, insured, insured: policy ${i}.`).join("\n\n");
    const added = await w.t.call({ path: `/api/admin/workspaces/${other.workspace.id}/agents/${globex.agentId}/sources`, headers: { authorization: `Bearer ${token}` }, body: { title: "noise", text: noise } });
    expect(added.json.chunks).toBe(400);
    const after = (await tryIt(w, question)).json;
    expect([after.handoff, after.answer?.body]).toEqual([false, before.answer.body]);
  });
});

describe("a source's words are found however it writes them", () => {
  // note: FTS5's tokenizer splits at punctuation and strips Latin accents; Postgres's parser alone would keep
  // "docs.acme.example" whole and "résumé" accented, so passage_words_text splits and folds first.
  const QUESTIONS: [string, string, string][] = [
    ["accents", "Can I upload my resume?", "Upload your résumé as a PDF."],
    ["a hyphenated word", "Where do two factor codes come from?", "Two-factor codes come from the Acme Authenticator app."],
    ["a host's parts", "Is the acme example site the docs?", "The documentation lives at docs.acme.example."],
  ];
  for (const [name, question, quoted] of QUESTIONS) {
    test(name, async () => {
      const w = await makeAgentApp({ docs: false });
      const filler = Array.from({ length: 6 }, (_, i) => `# Filler ${i}\n\nOpening hours and contact details, page ${i}.`).join("\n\n");
      const text = `${QUESTIONS.map(([, , q], i) => `# Part ${i}\n\n${q}`).join("\n\n")}\n\n${filler}`;
      expect((await w.t.admin({ path: w.sourcesPath, body: { title: "notes", text } })).status).toBe(201);
      const r = (await tryIt(w, question)).json;
      expect([r.handoff, r.trace.passages[0]?.text]).toEqual([false, quoted]);
    });
  }
});

describe("passages", () => {
  test("headings stay with their passages, as a trail", () => {
    const parts = splitPassages(docText("billing.md"), "billing");
    expect(parts.map((p) => p.heading)).toEqual(["Billing › Plans and prices", "Billing › Refunds", "Billing › Invoices", "Billing › Cancelling a subscription"]);
    expect(parts[1]!.text).toStartWith("We refund annual subscriptions");
  });
  test("HTML loses its scripts, styles and tags but keeps headings and entities", () => {
    const text = htmlToText(docText("widget.html"));
    expect(text).toContain("# Installing the chat widget");
    expect(text).toContain("## Allowed origins");
    expect(text).toContain("workspace's identity secret");
    expect(text).not.toContain("console.log");
    expect(text).not.toContain("font-family");
    expect(text).not.toContain("<p>");
  });
  test("a long section is split at paragraphs into passages of about 900 characters", () => {
    const para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(8).trim();
    const parts = splitPassages(`# Long\n\n${Array.from({ length: 10 }, () => para).join("\n\n")}`, "t");
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(1000);
    expect(parts.every((p) => p.heading === "Long")).toBe(true);
  });
});
