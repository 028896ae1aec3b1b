// Builders for tests: the real app over an in-memory SQLite database and a movable clock.
import { createApp } from "../../src/app";
import { defaultConfig, type Config } from "../../src/config";
import { createContext, type AppContext } from "../../src/context";
import { createAdminToken, createWorkspace } from "../../src/domain/workspaces";
import { openPostgresStore } from "../../src/platform/postgres";
import { platform } from "./platform";
import { freshDatabase } from "./postgres";

/** FakeClock is a clock tests move by hand. */
export class FakeClock {
  constructor(public t = Date.parse("2026-11-24T12:00:00Z")) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

/** Call is one request: method, path, JSON body and headers. */
export interface Call {
  method?: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  key?: string;
  token?: string;
}

/** ENGINE is the database the in-process suites run on: SQLite in memory, or with WOES_TEST_DB=postgres a fresh
 *  database on the test run's own Postgres cluster. */
export const ENGINE = process.env.WOES_TEST_DB === "postgres" ? "postgres" : "sqlite";

// note: WOES_TEST_LOG=1 prints what the in-process apps log (an unexpected error's stack and its database cause).
const SHOW_LOG = process.env.WOES_TEST_LOG === "1";

/** testStore opens a fresh, migrated store on the suites' engine. */
export async function testStore() {
  if (ENGINE === "sqlite") return platform.openStore(":memory:");
  // note: a few connections per app and closed when idle, since a file's apps are not closed and share one cluster.
  return openPostgresStore(await freshDatabase(), { max: 3, idleTimeout: 1 });
}

/** makeApp builds the app with one workspace ("Acme") and an all-workspace admin token. */
export async function makeApp(overrides: { config?: Partial<Omit<Config, "limits">> & { limits?: Partial<Config["limits"]> }; heartbeatMs?: number } = {}) {
  const store = await testStore();
  const clock = new FakeClock();
  const config = { ...defaultConfig(), ...overrides.config, limits: { ...defaultConfig().limits, ...overrides.config?.limits } };
  const logs: string[] = [];
  // note: no test in process asks the machine's DNS; a name resolves to nothing unless a test sets ctx.resolveHost
  // (test/lib/private-host.test.ts runs the real resolver).
  const resolveHost = (host: string) => Promise.reject(new Error(`no DNS in tests: ${host}`));
  const ctx: AppContext = createContext({ store, config, clock, heartbeatMs: overrides.heartbeatMs, log: (m) => (SHOW_LOG && console.error(m), logs.push(m)), assets: { loader: "/*loader*/", messenger: "/*messenger*/" }, resolveHost });
  const app = createApp(ctx);
  const ws = await createWorkspace(store, "Acme", clock.now());
  const admin = await createAdminToken(store, { name: "test" }, clock.now());

  /** call sends a request through the app and returns status, headers and parsed body. */
  async function call(c: Call) {
    const headers: Record<string, string> = { ...c.headers };
    if (c.body !== undefined || c.raw !== undefined) headers["content-type"] ??= "application/json";
    if (c.key !== undefined) headers["x-woes-key"] = c.key;
    if (c.token !== undefined) headers["authorization"] = `Bearer ${c.token}`;
    const res = await app.handle(
      new Request(`http://localhost${c.path}`, {
        method: c.method ?? (c.body !== undefined || c.raw !== undefined ? "POST" : "GET"),
        headers,
        body: c.raw ?? (c.body !== undefined ? JSON.stringify(c.body) : undefined),
      }),
    );
    const text = await res.text();
    let json: any = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** session boots a visitor on key (default: the workspace key). */
  async function session(opts: { key?: string; token?: string; identity?: unknown } = {}) {
    const r = await call({ path: "/api/widget/session", key: opts.key ?? ws.publicKey, token: opts.token, body: opts.identity ? { identity: opts.identity } : {} });
    return r;
  }

  /** admin calls the operator API with the admin token. */
  const adminCall = (c: Call) => call({ ...c, headers: { authorization: `Bearer ${admin.token}`, ...c.headers } });

  return { app, ctx, store, clock, config, ws, adminToken: admin.token, call, session, admin: adminCall, logs };
}

export type TestApp = Awaited<ReturnType<typeof makeApp>>;
