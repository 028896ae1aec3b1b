// Bundles the operator console's client (src/console/client) into src/console/dist/console.{js,css}, each
// beside its brotli (.br) and gzip (.gz) forms made here, once, so the server never compresses per request.
import { mkdirSync } from "node:fs";
import { writeCompressed } from "../../../widget/build";

const ROOT = new URL("../../..", import.meta.url).pathname;

/** buildConsole writes the minified script and stylesheet the executable embeds, and returns their sizes. */
export async function buildConsole(): Promise<{ script: number; styles: number }> {
  const build = async (entry: string, naming: string) => {
    // note: built in memory and written whole (writeCompressed), so a parallel test run never reads half a file.
    const result = await Bun.build({ entrypoints: [`${ROOT}src/console/client/${entry}`], target: "browser", format: "esm", minify: true });
    if (!result.success) throw new Error(`console build failed:\n${result.logs.map(String).join("\n")}`);
    const output = result.outputs[0]!;
    writeCompressed(`${ROOT}src/console/dist/${naming}`, await output.text());
    return output.size;
  };
  mkdirSync(`${ROOT}src/console/dist`, { recursive: true });
  return { script: await build("main.ts", "console.js"), styles: await build("styles.css", "console.css") };
}

if (import.meta.main) {
  const size = await buildConsole();
  console.log(`built src/console/dist: console.js ${(size.script / 1024).toFixed(1)} KiB, console.css ${(size.styles / 1024).toFixed(1)} KiB`);
}
