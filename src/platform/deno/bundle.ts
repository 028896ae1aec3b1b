// Builds the widget and console bundles with esbuild (from npm), as the Bun build does with its own bundler,
// for a checkout run with Deno only.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";
import { compress, writeLocales } from "../../../widget/build";

const ROOT = new URL("../../..", import.meta.url).pathname;

/** OUTPUTS are the texts src/platform/embedded.ts imports (each with its .br and .gz forms beside it). */
const OUTPUTS = ["widget/dist/woes.js", "widget/dist/messenger.js", "src/console/dist/console.js", "src/console/dist/console.css"];

async function bundle(entry: string, out: string, format?: "iife" | "esm"): Promise<string> {
  // note: charset ascii escapes non-ASCII, so a page that serves the script without a charset cannot garble it.
  const result = await esbuild.build({ entryPoints: [ROOT + entry], bundle: true, minify: true, platform: "browser", format, charset: "ascii", write: false, logLevel: "silent" });
  const text = result.outputFiles[0]!.text;
  mkdirSync(ROOT + out.slice(0, out.lastIndexOf("/")), { recursive: true });
  const { br, gzip } = compress(text);
  writeFileSync(ROOT + out, text);
  writeFileSync(ROOT + out + ".br", br);
  writeFileSync(ROOT + out + ".gz", gzip);
  return text;
}

/** buildWidget writes widget/dist/{woes,messenger}.js and the language tables, and returns the scripts' text. */
export async function buildWidget(): Promise<{ loader: string; messenger: string }> {
  const [loader, messenger] = await Promise.all([bundle("widget/src/main.ts", OUTPUTS[0]!, "iife"), bundle("widget/src/messenger.ts", OUTPUTS[1]!, "iife")]);
  writeLocales();
  return { loader, messenger };
}

/** buildConsole writes src/console/dist/console.{js,css} and returns their sizes. */
export async function buildConsole(): Promise<{ script: number; styles: number }> {
  const [script, styles] = await Promise.all([bundle("src/console/client/main.ts", OUTPUTS[2]!, "esm"), bundle("src/console/client/styles.css", OUTPUTS[3]!)]);
  return { script: script.length, styles: styles.length };
}

// note: `--missing` (what `deno task woes` runs first) builds only when a bundle is absent, and reports on stderr,
// so the CLI's own output stays exactly the executable's.
if (import.meta.main) {
  const missing = process.argv.includes("--missing");
  const absent = OUTPUTS.some((out) => [out, out + ".br", out + ".gz"].some((file) => !existsSync(ROOT + file))) || !existsSync(ROOT + "widget/dist/locales.json");
  if (!missing || absent) {
    await Promise.all([buildWidget(), buildConsole()]);
    console.error(`built ${OUTPUTS.join(", ")}`);
  }
  await esbuild.stop();
}
