// Console test builders: the app with a client address taken from a test header, and signed-in operators.
import { expect } from "bun:test";
import { memberships, users } from "../../db/schema";
import { createApp } from "../../src/app";
import { defaultConfig, type Config } from "../../src/config";
import { createInvite } from "../../src/accounts/invites";
import { createContext } from "../../src/context";
import { createWorkspace } from "../../src/domain/workspaces";
import { newId } from "../../src/lib/ids";
import type { Passwords } from "../../src/lib/password";
import { FakeClock, testStore } from "../helpers/app";

/** Req is one console request: a body is sent as JSON unless raw is given. */
export interface Req {
  method?: string;
  path: string;
  body?: unknown;
  raw?: string;
  type?: string;
  cookie?: string;
  csrf?: string;
  origin?: string;
  address?: string;
  headers?: Record<string, string>;
  base?: string;
}

/** PASSWORD is the password every test account gets. */
export const PASSWORD = "correct horse battery";

/** makeConsole builds the app over a fresh database of the suites' engine (testStore) with workspace "Acme" and a setup link. */
export async function makeConsole(config: Partial<Config> = {}, deps: { passwords?: Passwords } = {}) {
  const store = await testStore();
  const clock = new FakeClock();
  const logs: string[] = [];
  const ctx = createContext({ store, config: { ...defaultConfig(), ...config }, clock, log: (m) => logs.push(m), clientAddress: (r) => r.headers.get("x-test-address") ?? "203.0.113.1", consoleAssets: { script: "/*console*/", styles: "/*css*/" }, passwords: deps.passwords });
  const app = createApp(ctx);
  const acme = await createWorkspace(store, "Acme", clock.now());
  const setup = await createInvite(store, { kind: "setup", role: "owner" }, clock.now());

  /** call sends a request and returns status, headers, text and JSON. */
  async function call(r: Req) {
    const headers: Record<string, string> = { ...r.headers };
    if (r.body !== undefined || r.raw !== undefined) headers["content-type"] = r.type ?? "application/json";
    if (r.cookie) headers.cookie = r.cookie;
    if (r.csrf) headers["x-csrf-token"] = r.csrf;
    if (r.origin) headers.origin = r.origin;
    if (r.address) headers["x-test-address"] = r.address;
    const method = r.method ?? (r.body !== undefined || r.raw !== undefined ? "POST" : "GET");
    const res = await app.handle(new Request(`${r.base ?? "http://localhost"}${r.path}`, { method, headers, body: r.raw ?? (r.body !== undefined ? JSON.stringify(r.body) : undefined) }));
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** signIn logs email in and returns its cookie header and CSRF token. */
  async function signIn(email: string, password = PASSWORD) {
    const r = await call({ path: "/api/console/login", body: { email, password } });
    expect(r.status).toBe(200);
    return { cookie: cookieOf(r.headers), csrf: r.json.csrfToken as string, me: r.json };
  }

  /** addUser plants a user with a role in workspaceId and returns a signed-in session. */
  async function addUser(email: string, role: "owner" | "admin" | "operator", workspaceId = acme.workspace.id) {
    const id = newId("usr");
    const passwordHash = await ctx.passwords.hash(PASSWORD);
    await store.write(async (tx) => {
      await tx.insert(users).values({ id, email, name: email.split("@")[0]!, passwordHash, createdAt: clock.now() }).run();
      await tx.insert(memberships).values({ userId: id, workspaceId, role }).run();
    });
    return { id, ...(await signIn(email)) };
  }

  return { app, ctx, store, clock, acme, setupToken: setup.token, call, signIn, addUser, logs };
}

/** cookieOf turns a Set-Cookie answer into the Cookie header a browser would send. */
export function cookieOf(headers: Headers): string {
  const set = headers.get("set-cookie") ?? "";
  return set.split(";")[0]!;
}

export type ConsoleApp = Awaited<ReturnType<typeof makeConsole>>;
