// Source and visitor text built to make a backtracking pattern run for minutes (ReDoS) is read in linear time:
// a source of the largest size splits in well under a second, so one admin's upload never stalls every workspace.
import { describe, expect, test } from "bun:test";
import { asksForPerson } from "../../src/agents/prompt";
import { htmlToText, looksLikeHtml, PASSAGE_CHARS, splitPassages } from "../../src/agents/text";
import { MAX_SOURCE_BYTES } from "../../src/routes/admin/sources/model";
import { makeAgentApp } from "./kit";

const MiB = MAX_SOURCE_BYTES;

// note: each took seconds at 4 KB to 160 KB and minutes at 1 MiB before; the bound is wide for a busy machine.
const within2s = <T>(run: () => T): T => {
  const started = performance.now();
  const out = run();
  expect(performance.now() - started).toBeLessThan(2000);
  return out;
};

// name, hostile text of 1 MiB, how it is read
const HOSTILE: [string, string, (s: string) => unknown][] = [
  ["a Markdown heading with a long run of spaces", `# a${" ".repeat(MiB - 5)}b\n`, (s) => splitPassages(s, "t")],
  ["a heading of #s and spaces alone", `#${" ".repeat(MiB - 1)}`, (s) => splitPassages(s, "t")],
  ["a heading whose text is #s", `# ${"#".repeat(MiB - 3)}x`, (s) => splitPassages(s, "t")],
  ["one long sentence with no space after its stop", `${"a".repeat(MiB - 2)}.x`, (s) => splitPassages(s, "t")],
  ["a run of <", "<".repeat(MiB), htmlToText],
  ["comments that never close", "<!--".repeat(MiB / 4), htmlToText],
  ["scripts that never close", "<script>".repeat(MiB / 8), htmlToText],
  ["headings that never close", "<h1>".repeat(MiB / 4), htmlToText],
  // note: four times the source cap, so a pass that is quadratic (about 1.5 s at 1 MiB) cannot hide under the bound.
  ["heading openings that never end, one > at the end (4 MiB)", `<p>${"<h1".repeat((4 * MiB - 4) / 3)}>`, htmlToText],
  ["tags that never end", "<p <li <br ".repeat(MiB / 12), htmlToText],
  ["a run of < before one tag", `${"<".repeat(MiB - 4)}<li>`, htmlToText],
  ["every kind of unclosed block", "<style><svg><nav><h2 x><!--<noscript>".repeat(MiB / 40), htmlToText],
  ["an HTML sniff over tags that never end", "<p ".repeat(MiB / 3), looksLikeHtml],
];

describe("hostile source text splits in linear time", () => {
  for (const [name, text, read] of HOSTILE) test(name, () => void within2s(() => read(text)));

  test("a long paragraph keeps every word, a stop inside a word included, and no passage outgrows its size", () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
    // note: stops no space follows ("1.2", "e.g.x", "example.com") once made the splitter drop the text before them.
    const paragraph = `${words.slice(0, 150).join(" ")} see version 1.2 and e.g.x at example.com ${words.slice(150).join(" ")}. The end.`;
    const passages = splitPassages(paragraph, "t");
    const kept = passages.map((p) => p.text).join(" ");
    for (const w of [...words, "version", "1.2", "e.g.x", "example.com", "The end."]) expect([w, kept.includes(w)]).toEqual([w, true]);
    expect(Math.max(...passages.map((p) => p.text.length))).toBeLessThanOrEqual(PASSAGE_CHARS);
    const hard = within2s(() => splitPassages(`${"a".repeat(MiB - 2)}.x`, "t"));
    expect(hard.map((p) => p.text).join("")).toBe(`${"a".repeat(MiB - 2)}.x`);
    expect(Math.max(...hard.map((p) => p.text.length))).toBeLessThanOrEqual(PASSAGE_CHARS);
  });

  test("the fast scans find what the patterns found", () => {
    expect(splitPassages(`# a${" ".repeat(5000)}b\n\nbody`, "t")).toEqual([{ heading: `a${" ".repeat(5000)}b`, text: "body" }]);
    expect(splitPassages("## Refunds ##  \nWithin 30 days.\n####### not a heading", "t")).toEqual([{ heading: "Refunds", text: "Within 30 days.\n####### not a heading" }]);
    expect(htmlToText("<!-- a --><p>Hi<script>x</SCRIPT >there</p><!-- open <h2 id=x>Re<b>funds</b></h2 >")).toBe("Hi there\n\n<!-- open\n\n## Re funds");
    expect(htmlToText(`${"<!--".repeat(1000)}<h1>T</h1>`)).toBe("<!--".repeat(1000) + "\n\n# T");
  });
});

describe("hostile sources through POST .../sources", () => {
  const heading = `# a${" ".repeat(MiB - 200)}b\n\nRefunds take 30 days.`;
  const upload = (w: Awaited<ReturnType<typeof makeAgentApp>>, name: string, text: string) => {
    const form = new FormData();
    form.set("file", new File([text], name));
    return w.t.app.handle(new Request(`http://localhost${w.sourcesPath}`, { method: "POST", headers: { authorization: `Bearer ${w.t.adminToken}` }, body: form }));
  };
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const out = await run();
    expect(performance.now() - started).toBeLessThan(2000);
    return out;
  };

  test("a heading with 1 MiB of spaces, pasted as JSON: 201 at once", async () => {
    const w = await makeAgentApp({ docs: false });
    const r = await timed(() => w.t.admin({ path: w.sourcesPath, body: { title: "Spaces", text: heading, format: "markdown" } }));
    expect(r.status).toBe(201);
    expect(r.json.chunks).toBe(1);
  });

  test("a 1 MiB .md upload of one heading: 201 at once", async () => {
    const w = await makeAgentApp({ docs: false });
    const r = await timed(() => upload(w, "spaces.md", `# a${" ".repeat(MiB - 30)}b\n\nbody`));
    expect(r.status).toBe(201);
  });

  test("a 1 MiB .html upload of unclosed comments, scripts and headings: 201 at once", async () => {
    const w = await makeAgentApp({ docs: false });
    const r = await timed(() => upload(w, "open.html", "<!--<script><h1><".repeat(MiB / 20)));
    expect(r.status).toBe(201);
  });
});

describe("asking for a person", () => {
  test("still recognises the plain requests, and only those", () => {
    for (const yes of ["talk to a human", "Can I speak with someone?", "get me to a real person", "connect me with   the live agent", "Real person please", "human, please", "talk to   a   real human"]) expect([yes, asksForPerson(yes)]).toEqual([yes, true]);
    for (const no of ["talk to", "I talked to my bank", "speak to the manual", "what is a person?"]) expect([no, asksForPerson(no)]).toEqual([no, false]);
  });

  test("a message of 'talk to' and a long run of spaces is read in linear time", () => {
    // note: a message is capped at 5000 characters (65 ms before); 100 000 shows the growth plainly (about 30 s before).
    expect(within2s(() => asksForPerson(`talk to${" ".repeat(100_000)}x`))).toBe(false);
    expect(within2s(() => asksForPerson(`talk to${" ".repeat(100_000)}a human`))).toBe(true);
  });
});
