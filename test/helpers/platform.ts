// The platform under test: Deno's when the suite runs under `deno task test`, Bun's under `bun test`.
import { sql } from "drizzle-orm";
import type { Platform } from "../../src/platform/platform";
import { runtime } from "../runtime/neutral";

// note: the folder is picked at run time (not a literal import), so neither runtime loads the other's modules:
// Deno would refuse Bun's `type: "file"` imports while loading the graph.
const folder = `../../src/platform/${runtime}/index`;

/** platform is the runtime's store, passwords, assets and listener, as its entry hands them to the CLI. */
export const platform: Platform = (await import(folder))[`${runtime}Platform`];

/** bundler builds the widget the way the runtime's server gets it: Bun.build under Bun, esbuild under Deno. */
export const bundler: { buildWidget(): Promise<{ loader: string; messenger: string }> } =
  runtime === "deno" ? await import("../../src/platform/deno/bundle") : await import("../../widget/build");

/** readFile runs one query on a database file through the platform's driver and closes it. */
export async function readFile<T = Record<string, unknown>>(path: string, query: string): Promise<T[]> {
  const store = platform.openStore(path, { migrate: false });
  try {
    return (await store.db.all(sql.raw(query))) as T[];
  } finally {
    store.close();
  }
}
