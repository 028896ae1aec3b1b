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
    const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!h) {
      body.push(line);
      continue;
    }
    flush();
    const level = h[1]!.length;
    trail.length = level - 1;
    trail[level - 1] = h[2]!;
  }
  flush();
  return out;
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

const sentences = (p: string) => p.match(/[^.!?]+[.!?]+(\s+|$)|[^.!?]+$/g)?.map((s) => s.trim()).filter(Boolean) ?? [p];
