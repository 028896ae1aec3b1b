// Builds the widget: the loader every page view fetches (dist/woes.js) and the lazily loaded messenger (dist/messenger.js).
import { gzipSync } from "node:zlib";

const root = new URL(".", import.meta.url).pathname;

async function bundle(entry: string): Promise<string> {
  const result = await Bun.build({ entrypoints: [root + entry], target: "browser", minify: true, format: "iife" });
  if (!result.success) throw new AggregateError(result.logs, `widget build failed for ${entry}`);
  // note: ASCII only (non-ASCII only occurs in string literals), so a host page or CDN that serves the
  // script without a charset cannot garble the text.
  return (await result.outputs[0]!.text()).replace(/[^\x00-\x7f]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** buildWidget writes widget/dist/{woes,messenger}.js and returns their text, so the server can embed them. */
export async function buildWidget(): Promise<{ loader: string; messenger: string }> {
  const [loader, messenger] = await Promise.all([bundle("src/main.ts"), bundle("src/messenger.ts")]);
  await Bun.write(root + "dist/woes.js", loader);
  await Bun.write(root + "dist/messenger.js", messenger);
  return { loader, messenger };
}

/** sizes measures raw and gzipped bytes, the numbers the size test and the README report. */
export function sizes(text: string) {
  const raw = new TextEncoder().encode(text);
  return { raw: raw.length, gzip: gzipSync(raw).length };
}

if (import.meta.main) {
  const { loader, messenger } = await buildWidget();
  const a = sizes(loader);
  const b = sizes(messenger);
  console.log(`widget/dist/woes.js       ${a.raw} B raw, ${a.gzip} B gzipped (budget 3072)`);
  console.log(`widget/dist/messenger.js  ${b.raw} B raw, ${b.gzip} B gzipped`);
  console.log(`whole widget              ${a.raw + b.raw} B raw, ${a.gzip + b.gzip} B gzipped (budget 20480)`);
}
