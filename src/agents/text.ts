// Turning a source into passages: HTML reduced to Markdown-like text, then split by headings.
// note: a source is up to 1 MiB from an admin and is split on the event loop, so every scan here is linear: no
// pattern may scan the rest of the text again from each of many starting points (a run of "<" or of spaces).

/** Passage is one retrievable piece of a source: its heading trail and its text. */
export interface PassageText {
  heading: string;
  text: string;
}

/** PASSAGE_CHARS is the soft size of a passage: long sections split at paragraph breaks. */
export const PASSAGE_CHARS = 900;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

// note: a `<name ...>` pattern fails only where no ">" follows, and then scans to the end of the text again from
// every later "<"; past the last ">" nothing can match, so the pattern runs on the text up to it.
const replaceTags = (s: string, re: RegExp, by: string) => {
  const end = s.lastIndexOf(">") + 1;
  return s.slice(0, end).replace(re, by) + s.slice(end);
};

/** looksLikeHtml tells pasted HTML from Markdown or plain text. */
export const looksLikeHtml = (text: string) => /<(html|body|head|p|div|h[1-6]|ul|ol|li|br|table|section|article|span|a)\b[^>]*>/i.test(text.slice(0, text.lastIndexOf(">") + 1));

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });

const TAG_EDITS: [RegExp, string][] = [
  [/<li\b[^>]*>/gi, "\n- "],
  [/<br\s*\/?>/gi, "\n"],
  [/<\/?(p|div|section|article|ul|ol|table|tr|blockquote|pre|header|footer|main|nav|aside|dl|dt|dd)\b[^>]*>/gi, "\n\n"],
  [/<[^>]*>/g, " "],
];

/** htmlToText keeps an HTML page's words, its headings as `#` lines and its blocks as paragraphs. */
export function htmlToText(html: string): string {
  const text = TAG_EDITS.reduce((s, [re, by]) => replaceTags(s, re, by), headingLines(dropBlocks(dropComments(html))));
  return decode(text)
    .replace(/[ \t\f\v\r]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// note: the blocks below are what `<!--[\s\S]*?-->` and `<tag ...>[\s\S]*?</tag\s*>` replaced; those lazy patterns
// scan to the end of the text from every opening that is never closed, so these loops look for a close once.
function dropComments(html: string): string {
  let out = "";
  let from = 0;
  for (let start = html.indexOf("<!--"); start >= 0; start = html.indexOf("<!--", from)) {
    const end = html.indexOf("-->", start + 4);
    if (end < 0) break;
    out += `${html.slice(from, start)} `;
    from = end + 3;
  }
  return out + html.slice(from);
}

const closeTag = (s: string, name: string, from: number) => {
  const re = new RegExp(`</${name}\\s*>`, "gi");
  re.lastIndex = from;
  const m = re.exec(s);
  return m && { start: m.index, end: m.index + m[0].length };
};

// note: the first ">" after an opening is looked for again only once the scan has passed it, and a name found unclosed
// is not looked for again, so a run of openings that never close ("<h1<h1<h1…>") is read once, not once per opening.
function replaceElements(html: string, open: RegExp, by: (name: string, inner: string) => string): string {
  const unclosed = new Set<string>();
  let out = "";
  let from = 0;
  let gt = -1;
  for (let m; (m = open.exec(html)); ) {
    if (gt < open.lastIndex) gt = html.indexOf(">", open.lastIndex);
    if (gt < 0) break;
    const name = m[1]!.toLowerCase();
    const close = unclosed.has(name) ? null : closeTag(html, name, gt + 1);
    if (!close) {
      unclosed.add(name);
      open.lastIndex = m.index + 1;
      continue;
    }
    out += html.slice(from, m.index) + by(name, html.slice(gt + 1, close.start));
    from = open.lastIndex = close.end;
  }
  return out + html.slice(from);
}

const dropBlocks = (html: string) => replaceElements(html, /<(script|style|noscript|template|svg|head|nav|footer)\b/gi, () => " ");

const headingLines = (html: string) =>
  replaceElements(html, /<(h[1-6])\b/gi, (name, inner) => `\n\n${"#".repeat(Number(name[1]))} ${replaceTags(inner, /<[^>]*>/g, " ").replace(/\s+/g, " ").trim()}\n\n`);

/** splitPassages cuts text at Markdown headings (each passage keeps its heading trail) and long sections at paragraphs. */
export function splitPassages(text: string, title: string): PassageText[] {
  const out: PassageText[] = [];
  const trail: string[] = [];
  let body: string[] = [];
  const flush = () => {
    const heading = trail.filter(Boolean).join(" › ") || title;
    for (const piece of pack(body.join("\n").trim())) out.push({ heading, text: piece });
    body = [];
  };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const h = headingOf(line);
    if (!h) {
      body.push(line);
      continue;
    }
    flush();
    trail.length = h.level - 1;
    trail[h.level - 1] = h.text;
  }
  flush();
  return out;
}

// note: by hand, what /^(#{1,6})\s+(.+?)\s*#*\s*$/ found: that pattern backtracks cubically on a run of spaces
// (4 KB of them held the server 22 s). `trimEnd` drops exactly the characters `\s` matches.
function headingOf(line: string): { level: number; text: string } | null {
  const m = /^(#{1,6})\s+/.exec(line);
  if (!m) return null;
  const level = m[1]!.length;
  const rest = line.slice(m[0].length);
  if (!rest) {
    // note: #s and spaces alone: the pattern took the last space (past the first, not a line separator) as the text.
    for (let i = m[0].length - 1; i > level; i--) if (line[i] !== "\u2028" && line[i] !== "\u2029") return { level, text: line[i]! };
    return null;
  }
  let end = rest.trimEnd().length;
  while (end > 0 && rest[end - 1] === "#") end--;
  const text = rest.slice(0, Math.max(1, rest.slice(0, end).trimEnd().length));
  return /[\u2028\u2029]/.test(text) ? null : { level, text };
}

// note: paragraphs stay whole where they fit, so a quoted passage reads as written.
function pack(section: string): string[] {
  if (!section) return [];
  const pieces: string[] = [];
  let current = "";
  for (const para of section.split(/\n{2,}/)) {
    const p = para.trim();
    if (!p) continue;
    if (current && current.length + p.length + 2 > PASSAGE_CHARS) {
      pieces.push(current);
      current = "";
    }
    if (p.length > PASSAGE_CHARS * 2) {
      for (const s of sentences(p).flatMap(cut)) {
        if (current && current.length + s.length + 1 > PASSAGE_CHARS) {
          pieces.push(current);
          current = "";
        }
        current = current ? `${current} ${s}` : s;
      }
    } else current = current ? `${current}\n\n${p}` : p;
  }
  if (current) pieces.push(current);
  return pieces;
}

// note: a sentence longer than a passage (a run-on, a table flattened to one line) is cut at a space in the second
// half of each passage's length, or hard where it has none; each cut looks at that half only, so no text rescans.
function cut(sentence: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (sentence.length - i > PASSAGE_CHARS) {
    const space = sentence.slice(i + PASSAGE_CHARS / 2, i + PASSAGE_CHARS).lastIndexOf(" ");
    const end = space === -1 ? i + PASSAGE_CHARS : i + PASSAGE_CHARS / 2 + space;
    out.push(sentence.slice(i, end).trim());
    i = end;
  }
  out.push(sentence.slice(i).trim());
  return out.filter(Boolean);
}

const WORDS = /[^.!?]*/y;
const STOPS = /[.!?]*/y;
const SPACES = /\s*/y;
const runEnd = (re: RegExp, s: string, from: number) => {
  re.lastIndex = from;
  re.test(s);
  return re.lastIndex;
};

// note: a sentence ends at a run of stops followed by spaces (or the end); a stop inside a word ("1.2", "e.g.x",
// "example.com") does not end it. One pass: each run of words, stops and spaces is read once, so no text of any
// shape rescans (the pattern it replaced rescanned a long sentence from each letter, and dropped the text before a
// stop that no space followed).
function sentences(p: string): string[] {
  const found: string[] = [];
  let start = 0;
  for (let i = 0; i < p.length; ) {
    const stops = runEnd(STOPS, p, runEnd(WORDS, p, i));
    i = runEnd(SPACES, p, stops);
    if (i > stops || i === p.length) {
      found.push(p.slice(start, i));
      start = i;
    }
  }
  return found.length ? found.map((s) => s.trim()).filter(Boolean) : [p];
}
