// `bun run build`: builds the widget and the console, then compiles the Bun entry (src/platform/bun/main.ts) into the single executable dist/woes.
import { renameSync } from "node:fs";
import { resolve } from "node:path";
import { buildWidget, temporaryFor } from "../../../widget/build";
import { buildConsole } from "./console-build";

/** buildExecutable writes dist/woes and returns its path. */
export async function buildExecutable(outfile = "dist/woes"): Promise<string> {
  await buildWidget();
  await buildConsole();
  const cwd = new URL("../../..", import.meta.url).pathname;
  // note: compiled under its temporary name and renamed into place, so a copy taken meanwhile is whole (see temporaryFor).
  const temporary = temporaryFor(outfile);
  const proc = Bun.spawnSync(
    [
      process.execPath,
      "build",
      "--compile",
      "--minify",
      "--no-compile-autoload-dotenv",
      "--no-compile-autoload-bunfig",
      "src/platform/bun/main.ts",
      // note: the WAL checkpointer runs on a thread of its own, so it is an entry point of its own (see ./sqlite.ts).
      "src/platform/bun/checkpointer.ts",
      "--outfile",
      temporary,
    ],
    { cwd, stdout: "pipe", stderr: "pipe" },
  );
  if (proc.exitCode !== 0) throw new Error(`bun build --compile failed:\n${proc.stderr.toString()}${proc.stdout.toString()}`);
  renameSync(resolve(cwd, temporary), resolve(cwd, outfile));
  return outfile;
}

if (import.meta.main) {
  const started = performance.now();
  const out = await buildExecutable(process.argv[2]);
  const size = Bun.file(out).size;
  console.log(`built ${out} (${(size / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
