// Builds the widget: the loader every page view fetches (dist/woes.js) and the messenger loaded on intent
// (dist/messenger.js), each beside its brotli (.br) and gzip (.gz) forms, which the server sends as they are, and
// the messenger's language tables (dist/locales.json).
import { Buffer } from "node:buffer";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = new URL(".", import.meta.url).pathname;

async function bundle(entry: string): Promise<string> {
  const result = await Bun.build({ entrypoints: [root + entry], target: "browser", minify: true, format: "iife" });
  if (!result.success) throw new AggregateError(result.logs, `widget build failed for ${entry}`);
  // note: ASCII only (non-ASCII only occurs in string literals), so a host page or CDN that serves the
  // script without a charset cannot garble the text.
  return (await result.outputs[0]!.text()).replace(/[^\x00-\x7f]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** compress makes the brotli (best quality) and gzip (level 9) forms of a text, once, at build time. */
export function compress(text: string) {
  const raw = new TextEncoder().encode(text);
  return {
    br: new Uint8Array(brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })),
    gzip: new Uint8Array(gzipSync(raw, { level: 9 })),
  };
}

/** temporaryFor names where this process writes a file before renaming it into place: a reader (a test file of another
 *  worker of a parallel run, building or reading the same file) sees the old file or the new one, never part of one. */
export const temporaryFor = (path: string) => `${path}.${process.pid}.tmp`;

/** writeWhole writes a file under its temporary name, then renames it into place (see temporaryFor). */
export function writeWhole(path: string, data: string | Uint8Array) {
  writeFileSync(temporaryFor(path), data);
  renameSync(temporaryFor(path), path);
}

/** writeCompressed writes a built text and its .br and .gz forms beside it. */
export function writeCompressed(path: string, text: string) {
  const { br, gzip } = compress(text);
  writeWhole(path, text);
  writeWhole(path + ".br", br);
  writeWhole(path + ".gz", gzip);
}

/** writeLocales writes widget/dist/locales.json: each language's table (widget/locales/<lang>.json) minified, with
 *  its brotli and gzip forms in base64, which the executable embeds and serves at /widget-locales/<lang>.json. */
export function writeLocales(): Record<string, { text: string; br: string; gzip: string }> {
  const out: Record<string, { text: string; br: string; gzip: string }> = {};
  for (const file of readdirSync(root + "locales").filter((f) => f.endsWith(".json")).sort()) {
    const text = JSON.stringify(JSON.parse(readFileSync(root + "locales/" + file, "utf8")));
    const { br, gzip } = compress(text);
    out[file.slice(0, -5)] = { text, br: Buffer.from(br).toString("base64"), gzip: Buffer.from(gzip).toString("base64") };
  }
  mkdirSync(root + "dist", { recursive: true });
  writeWhole(root + "dist/locales.json", JSON.stringify(out));
  return out;
}

/** buildWidget writes widget/dist/{woes,messenger}.js (and their compressed forms) and the language tables, and
 *  returns the scripts' text. */
export async function buildWidget(): Promise<{ loader: string; messenger: string }> {
  const [loader, messenger] = await Promise.all([bundle("src/main.ts"), bundle("src/messenger.ts")]);
  mkdirSync(root + "dist", { recursive: true });
  writeCompressed(root + "dist/woes.js", loader);
  writeCompressed(root + "dist/messenger.js", messenger);
  writeLocales();
  return { loader, messenger };
}

/** sizes measures raw, brotli and gzip bytes of a text as the build compresses it. */
export function sizes(text: string) {
  const { br, gzip } = compress(text);
  return { raw: new TextEncoder().encode(text).length, br: br.length, gzip: gzip.length };
}

if (import.meta.main) {
  const { loader, messenger } = await buildWidget();
  const a = sizes(loader);
  const b = sizes(messenger);
  console.log(`widget/dist/woes.js       ${a.raw} B raw, ${a.br} B brotli, ${a.gzip} B gzip (budgets: test/widget/size.test.ts)`);
  console.log(`widget/dist/messenger.js  ${b.raw} B raw, ${b.br} B brotli, ${b.gzip} B gzip`);
  for (const [lang, t] of Object.entries(writeLocales())) console.log(`widget/dist/locales ${lang}       ${sizes(t.text).raw} B raw, ${sizes(t.text).br} B brotli (loaded on demand)`);
  console.log(`whole widget              ${a.raw + b.raw} B raw, ${a.br + b.br} B brotli, ${a.gzip + b.gzip} B gzip`);
}
