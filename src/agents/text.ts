// Turning a source into passages: HTML reduced to Markdown-like text, then split by headings.

/** Passage is one retrievable piece of a source: its heading trail and its text. */
export interface PassageText {
  heading: string;
  text: string;
}

/** PASSAGE_CHARS is the soft size of a passage: long sections split at paragraph breaks. */
export const PASSAGE_CHARS = 900;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

/** looksLikeHtml tells pasted HTML from Markdown or plain text. */
export const looksLikeHtml = (text: string) => /<(html|body|head|p|div|h[1-6]|ul|ol|li|br|table|section|article|span|a)\b[^>]*>/i.test(text);

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });

/** htmlToText keeps an HTML page's words, its headings as `#` lines and its blocks as paragraphs. */
export function htmlToText(html: string): string {
  return decode(
    html
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<(script|style|noscript|template|svg|head|nav|footer)\b[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, n: string, inner: string) => `\n\n${"#".repeat(Number(n))} ${inner.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim()}\n\n`)
      .replace(/<li\b[^>]*>/gi, "\n- ")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/?(p|div|section|article|ul|ol|table|tr|blockquote|pre|header|footer|main|nav|aside|dl|dt|dd)\b[^>]*>/gi, "\n\n")
      .replace(/<[^>]*>/g, " "),
  )
    .replace(/[ \t\f\v\r]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

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
      for (const s of sentences(p)) {
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

const WORDS = /[^.!?]*/y;
const STOPS = /[.!?]*/y;
const SPACES = /\s*/y;
const runEnd = (re: RegExp, s: string, from: number) => {
  re.lastIndex = from;
  re.test(s);
  return re.lastIndex;
};

// note: by hand, the matches of /[^.!?]+[.!?]+(\s+|$)|[^.!?]+$/g: that pattern rescans a long sentence from each of
// its letters when no space follows its stop ("aaa….x"). Where it failed, every start up to the next word fails too.
function sentences(p: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < p.length; ) {
    const words = runEnd(WORDS, p, i);
    if (words === i) i++;
    else if (words === p.length) {
      found.push(p.slice(i));
      break;
    } else {
      const stops = runEnd(STOPS, p, words);
      const end = runEnd(SPACES, p, stops);
      if (end === stops && stops < p.length) i = stops;
      else {
        found.push(p.slice(i, end));
        i = end;
      }
    }
  }
  return found.length ? found.map((s) => s.trim()).filter(Boolean) : [p];
}
