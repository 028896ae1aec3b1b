// Room for the tests of a file that starts real processes (the executable, Chromium) on a 2-core machine.
// note: Bun reads no test timeout from bunfig.toml and its setDefaultTimeout holds for the file that calls
// it, so each such file calls roomyTimeouts at its top level (the browser kits' suites do it for theirs).
// A test that outlives Bun's 5 s default fails, and Bun then kills the processes it spawned: one slow test
// on a loaded machine took the file's Chromium, and every later test of the file, with it.
import { setDefaultTimeout } from "bun:test";

/** ROOMY_MS is the default timeout of each test in a file that starts real processes. */
export const ROOMY_MS = 60_000;

/** roomyTimeouts gives every test of the calling file ROOMY_MS; call it at the file's top level. */
export function roomyTimeouts(): void {
  setDefaultTimeout(ROOMY_MS);
}
