// The operator API's test world: two workspaces, a scoped token, console users of each role, planted notes.
import { memberships, users } from "../../../db/schema";
import { openSession, SESSION_COOKIE } from "../../../src/accounts/sessions";
import { createAdminToken, createWorkspace } from "../../../src/domain/workspaces";
import { newId } from "../../../src/lib/ids";
import { makeApp, type Call, type TestApp } from "../../helpers/app";
import { conversationOf, openSse as openSseAt, plant, visitor } from "../../helpers/builders";

/** User is a console user with a live session: the cookie header and its CSRF token. */
export interface User {
  id: string;
  name: string;
  cookie: string;
  csrf: string;
}

/** addUser plants a user with a role in workspaceId and opens a session for it. */
export async function addUser(t: TestApp, name: string, role: "owner" | "admin" | "operator" | null, workspaceId = t.ws.workspace.id): Promise<User> {
  const id = newId("usr");
  await t.store.write(async (tx) => {
    await tx.insert(users).values({ id, email: `${name.toLowerCase()}@acme.example`, name, passwordHash: "x", createdAt: t.clock.now() }).run();
    if (role) await tx.insert(memberships).values({ userId: id, workspaceId, role }).run();
  });
  const s = await openSession(t.store, id, t.clock.now());
  return { id, name, cookie: `${SESSION_COOKIE}=${s.value}`, csrf: s.csrfToken };
}

/** asUser builds a call with u's cookie; state changes carry its CSRF token and a same-site Origin unless told otherwise. */
export function asUser(u: User, c: Call, opts: { csrf?: string | null; origin?: string | null } = {}): Call {
  const headers: Record<string, string> = { cookie: u.cookie, ...c.headers };
  const csrf = opts.csrf === undefined ? u.csrf : opts.csrf;
  const origin = opts.origin === undefined ? "http://localhost" : opts.origin;
  if (csrf !== null) headers["x-csrf-token"] = csrf;
  if (origin !== null) headers.origin = origin;
  return { ...c, headers };
}

/** asToken builds a call made with an admin token. */
export const asToken = (token: string, c: Call): Call => ({ ...c, headers: { authorization: `Bearer ${token}`, ...c.headers } });

/** makeAdminWorld: Acme with Ada's conversation (a note and agent internals), Globex with its own token and visitor. */
export async function makeAdminWorld(opts: { heartbeatMs?: number } = {}) {
  const t = await makeApp(opts);
  const acme = t.ws.workspace.id;
  const a = await visitor(t, { identity: { name: "Ada", email: "ada@example.com" } });
  const convA = await conversationOf(t, a, "ADA_QUESTION about billing");
  const agentReply = await plant(t, convA, { body: "Agent answer for Ada", kind: "agent", name: "Helper Bot", internals: { model: "MODEL_INTERNAL_7", inputTokens: 4242 } });
  const opRef = `user:${newId("usr")}`;
  const note = await plant(t, convA, { body: "ACME_NOTE_refund_approved", internal: true, operatorRef: opRef });
  const other = await createWorkspace(t.store, "Globex", t.clock.now());
  const c = await visitor(t, { key: other.publicKey, identity: { name: "Cyd" } });
  const convC = await conversationOf(t, c, "GLOBEX_QUESTION");
  const globexToken = (await createAdminToken(t.store, { name: "globex-ci", workspaceIds: [other.workspace.id] }, t.clock.now())).token;
  const owner = await addUser(t, "Olive", "owner");
  const admin = await addUser(t, "Adam", "admin");
  const operator = await addUser(t, "Opal", "operator");
  const globexUser = await addUser(t, "Gus", "operator", other.workspace.id);
  /** Acme's things: what the Globex side must never see. */
  const acmeSecrets = [acme, "ADA_QUESTION", "ACME_NOTE_refund_approved", "MODEL_INTERNAL_7", t.ws.publicKey, convA, a.id];
  /** secrets must not appear in any operator answer (bar the create, rotate and reveal answers). */
  const secrets = [t.ws.identitySecret, other.identitySecret, t.adminToken, globexToken, a.token, c.token, opRef, owner.cookie.split("=")[1]!, operator.csrf];
  return { t, acme, a, c, convA, convC, agentReply, note, other, globexToken, owner, admin, operator, globexUser, acmeSecrets, secrets };
}

/** AdminWorld is what makeAdminWorld builds. */
export type AdminWorld = Awaited<ReturnType<typeof makeAdminWorld>>;

/** openSse opens an operator stream with a call's credentials (see openSse in test/helpers/builders). */
export const openSse = (t: TestApp, c: Call) => openSseAt(t, c.path, c.headers);
