// widget/woes.d.ts, compiled as an integrator would: the documented calls type-check, the others do not
// (each refused call in woes-dts.typecheck.ts carries @ts-expect-error, so accepting it fails the compile).
import { expect, test } from "bun:test";
import { run, runtime } from "../runtime/neutral";

test("woes.d.ts accepts every documented command and refuses bad ones", () => {
  const tsc = new URL("../../node_modules/typescript/bin/tsc", import.meta.url).pathname;
  const file = new URL("./woes-dts.typecheck.ts", import.meta.url).pathname;
  const flags = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--allowImportingTsExtensions", "--lib", "es2022,dom", "--types", "node"];
  const r = run([...(runtime === "deno" ? [process.execPath, "run", "-A"] : [process.execPath]), tsc, ...flags, file]);
  expect(r.out + r.err).toBe("");
  expect(r.code).toBe(0);
}, 30_000);
