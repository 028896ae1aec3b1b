// The runtime seam: only src/platform/ and src/main.ts may touch Bun.* or bun:*, and every
// drizzle-kit migration in the journal is embedded in the executable.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import journal from "../db/migrations/meta/_journal.json" with { type: "json" };
import { migrations } from "../src/platform/embedded";

const ROOT = join(import.meta.dir, "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "dist" || name === "node_modules") return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

test("only src/platform and src/main.ts use Bun.* or bun:*", () => {
  const offenders = [...files(join(ROOT, "src")), ...files(join(ROOT, "db")), ...files(join(ROOT, "widget/src"))]
    .map((f) => relative(ROOT, f))
    .filter((f) => !f.startsWith("src/platform/") && f !== "src/main.ts")
    .filter((f) => /\bBun\.|["']bun:|from "bun"/.test(readFileSync(join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("every journal migration is embedded, in order", () => {
  expect(migrations.map((m) => m.tag)).toEqual(journal.entries.map((e) => e.tag));
});
