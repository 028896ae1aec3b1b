// The runtime seam: only src/platform/bun/ touches Bun.* or bun:*, only src/platform/deno/ touches Deno.*
// (each runtime's entry lives in its folder), and every drizzle-kit migration in the journal is embedded.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import journal from "../db/migrations/meta/_journal.json" with { type: "json" };
import { migrations } from "../src/platform/embedded";

const ROOT = join(import.meta.dirname!, "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "dist" || name === "node_modules") return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const sources = () => [...files(join(ROOT, "src")), ...files(join(ROOT, "db")), ...files(join(ROOT, "widget/src"))].map((f) => relative(ROOT, f));

test.each([
  ["Bun.* or bun:*", "src/platform/bun/", /\bBun\.|["']bun:|from "bun"/],
  ["Deno.*", "src/platform/deno/", /\bDeno\./],
])("only its runtime's folder uses %s", (_, folder, pattern) => {
  const offenders = sources().filter((f) => !f.startsWith(folder) && pattern.test(readFileSync(join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("every journal migration is embedded, in order", () => {
  expect(migrations.map((m) => m.tag)).toEqual(journal.entries.map((e) => e.tag));
});
