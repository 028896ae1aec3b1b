// The platform under test: Deno's when the suite runs under `deno task test`, Bun's under `bun test`.
import { sql } from "drizzle-orm";
import type { Platform } from "../../src/platform/platform";
import { runtime } from "../runtime/neutral";

/** platform is the runtime's store, passwords and listener, as its entry hands them to the CLI. */
export const platform: Platform = runtime === "deno" ? (await import("../../src/platform/deno/index")).denoPlatform : (await import("../../src/platform/bun/index")).bunPlatform;

/** bundler builds the widget the way the runtime's server gets it: Bun.build under Bun, esbuild under Deno. */
export const bundler: { buildWidget(): Promise<{ loader: string; messenger: string }> } =
  runtime === "deno" ? await import("../../src/platform/deno/bundle") : await import("../../widget/build");

/** readFile runs one query on a database file through the platform's driver and closes it. */
export function readFile<T = Record<string, unknown>>(path: string, query: string): T[] {
  const store = platform.openStore(path, { migrate: false });
  try {
    return store.db.all(sql.raw(query)) as T[];
  } finally {
    store.close();
  }
}
