// The CLI's commands over an open store: each returns what to print, as text and as JSON.
import { and, asc, eq } from "drizzle-orm";
import { agents, widgetKeys, workspaces } from "../../db/schema";
import type { Store } from "../../db/store";
import { anyAccount, createInvite, mintInvite, SETUP_TTL_MS, setupPath } from "../accounts/invites";
import { createReset, resetPath, userByEmail } from "../accounts/password-reset";
import { isOrigin } from "../domain/keys";
import { listTokens, revokeToken, tokenExists } from "../domain/admin-tokens";
import { installSnippet } from "../domain/snippet";
import { createAdminToken, createWorkspace, insertKey, mintAdminToken } from "../domain/workspaces";

/** Output is what a command prints: a human text and its JSON form. */
export interface Output {
  text: string;
  json: unknown;
}

/** UsageError is a mistake in the command line: printed with a hint, exit code 2. */
export class UsageError extends Error {}

/** workspaceCreate makes a workspace and shows its key and secret. */
export async function workspaceCreate(store: Store, name: string | undefined, now: number): Promise<Output> {
  if (!name?.trim()) throw new UsageError("--name is required");
  const made = await createWorkspace(store, name.trim().slice(0, 200), now);
  return {
    json: made,
    text: `Created workspace ${made.workspace.name} (${made.workspace.id})\n  widget key:      ${made.publicKey}\n  identity secret: ${made.identitySecret}  (keep it on your server)`,
  };
}

/** workspaceList lists workspaces. */
export async function workspaceList(store: Store): Promise<Output> {
  const rows = await store.db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).orderBy(asc(workspaces.createdAt)).all();
  return { json: { workspaces: rows }, text: rows.length ? rows.map((w) => `${w.id}  ${w.name}`).join("\n") : "No workspaces." };
}

/** keyCreate makes a workspace or agent key with an optional origin allow-list. */
export async function keyCreate(store: Store, opts: { workspace?: string; agent?: string; origins: string[] }, now: number): Promise<Output> {
  if (!opts.workspace) throw new UsageError("--workspace is required");
  const bad = opts.origins.find((o) => o.length > 300 || !isOrigin(o));
  if (bad) {
    const exact = URL.canParse(bad) && /^https?:$/.test(new URL(bad).protocol) ? ` (did you mean ${new URL(bad).origin}?)` : "";
    throw new UsageError(`--origin ${bad} is not an origin like https://example.com${exact}`);
  }
  const ws = await store.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, opts.workspace)).get();
  if (!ws) throw new UsageError(`no workspace ${opts.workspace}`);
  if (opts.agent) {
    const agent = await store.db.select({ id: agents.id }).from(agents).where(and(eq(agents.id, opts.agent), eq(agents.workspaceId, ws.id))).get();
    if (!agent) throw new UsageError(`no agent ${opts.agent} in workspace ${ws.id}`);
  }
  const key = await store.write((tx) => insertKey(tx, ws.id, opts.agent ? "agent" : "workspace", opts.agent ?? null, opts.origins, now));
  const json = key.agentId ? key : { key: key.key, kind: key.kind, allowedOrigins: key.allowedOrigins };
  return { json, text: `Created ${key.kind} key ${key.key}${key.allowedOrigins.length ? ` for ${key.allowedOrigins.join(", ")}` : ""}` };
}

/** keyList lists keys, maybe of one workspace. */
export async function keyList(store: Store, workspace?: string): Promise<Output> {
  const q = store.db.select().from(widgetKeys);
  const rows = await (workspace ? q.where(eq(widgetKeys.workspaceId, workspace)) : q).orderBy(asc(widgetKeys.createdAt)).all();
  const keys = rows.map((k) => ({ key: k.key, workspaceId: k.workspaceId, kind: k.kind, agentId: k.agentId ?? undefined, allowedOrigins: k.allowedOrigins, revoked: k.revokedAt != null }));
  const text = keys.length
    ? keys.map((k) => `${k.key}  ${k.kind}  ${k.workspaceId}${k.allowedOrigins.length ? `  origins: ${k.allowedOrigins.join(",")}` : ""}${k.revoked ? "  (revoked)" : ""}`).join("\n")
    : "No keys.";
  return { json: { keys }, text };
}

/** keyRevoke revokes a key. */
export async function keyRevoke(store: Store, key: string | undefined, now: number): Promise<Output> {
  if (!key) throw new UsageError("name the key to revoke: woes key revoke KEY");
  const changed = await store.write((tx) => tx.update(widgetKeys).set({ revokedAt: now }).where(eq(widgetKeys.key, key)).returning({ key: widgetKeys.key }).all());
  if (changed.length === 0) throw new UsageError(`no key ${key}`);
  return { json: { key, revoked: true }, text: `Revoked ${key}` };
}

/** tokenCreate makes an admin token: all workspaces, or the ones named; maybe expiring after some days. */
export async function tokenCreate(store: Store, opts: { name?: string; workspaces: string[]; expiresDays?: string }, now: number): Promise<Output> {
  const days = opts.expiresDays === undefined ? undefined : Number(opts.expiresDays);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) throw new UsageError("--expires-days must be a whole number of days from 1 to 3650");
  for (const id of opts.workspaces) {
    const ws = await store.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, id)).get();
    if (!ws) throw new UsageError(`no workspace ${id}`);
  }
  const expiresAt = days === undefined ? undefined : now + days * 86_400_000;
  const made = await createAdminToken(store, { name: opts.name ?? "cli", workspaceIds: opts.workspaces.length ? opts.workspaces : undefined, expiresAt }, now);
  const until = expiresAt === undefined ? "" : `\n  expires ${new Date(expiresAt).toISOString()}`;
  return { json: { token: made.token, id: made.id }, text: `Admin token ${made.id} (shown once, stored hashed):\n  ${made.token}${until}` };
}

/** tokenList lists admin tokens by id and name, never the tokens themselves. */
export async function tokenList(store: Store, now: number): Promise<Output> {
  const tokens = await listTokens(store.db, now);
  const state = (t: (typeof tokens)[number]) => (t.revoked ? "  (revoked)" : t.expired ? "  (expired)" : t.expiresAt ? `  expires ${t.expiresAt}` : "");
  const text = tokens.length ? tokens.map((t) => `${t.id}  ${t.name}  created ${t.createdAt}${state(t)}`).join("\n") : "No admin tokens.";
  return { json: { tokens }, text };
}

/** tokenRevoke revokes an admin token by id: every running server refuses it from its next request. */
export async function tokenRevoke(store: Store, id: string | undefined, now: number): Promise<Output> {
  if (!id) throw new UsageError("name the token to revoke by its id (see woes token list): woes token revoke ID");
  if (!(await revokeToken(store, id, now)) && !(await tokenExists(store.db, id))) throw new UsageError(`no token ${id}`);
  return { json: { id, revoked: true }, text: `Revoked ${id}` };
}

/** setupLink makes a one-time console setup link (24 h) that creates the owner's account. */
export async function setupLink(store: Store, origin: string, now: number): Promise<string> {
  const invite = await createInvite(store, { kind: "setup", role: "owner" }, now);
  return `${origin}${setupPath(invite.token)}`;
}

/** ownerSetup makes, while nobody has set up the console yet, a fresh one-time setup link and the lines that show it;
 *  else null. note: every start before setup prints one (CONTRACT §6b); setting up the owner voids them all. */
export async function ownerSetup(store: Store, origin: string, now: number): Promise<string | null> {
  if (await anyAccount(store.db)) return null;
  return `\n  No console owner yet. Create the owner's account with this one-time link (valid 24 h):\n\n    ${await setupLink(store, origin, now)}\n`;
}

/** accountSetupLink prints a one-time console setup link (24 h) while no account exists; refused after. */
export async function accountSetupLink(store: Store, origin: string, now: number): Promise<Output> {
  if (await anyAccount(store.db)) throw new UsageError("the console has an owner already; owners invite others from Settings → Team");
  const url = await setupLink(store, origin, now);
  return { json: { url, expiresAt: new Date(now + SETUP_TTL_MS).toISOString() }, text: `Create the console's owner account (one-time link, valid 24 h):\n  ${url}` };
}

/** firstRun prints what a new owner needs: key, secret, token, console setup link and snippet. */
export async function firstRun(store: Store, origin: string, now: number) {
  // note: workspace, token and setup link land together, so a failed first start leaves nothing half made.
  const token = await mintAdminToken({ name: "first run" }, now);
  const invite = await mintInvite({ kind: "setup", role: "owner" }, now);
  const made = await createWorkspace(store, "My workspace", now, async (tx) => {
    await token.insert(tx);
    await invite.insert(tx);
  });
  const setup = `${origin}${setupPath(invite.token)}`;
  return {
    made,
    text: [
      "",
      "  Welcome to Woes. A workspace was created for you.",
      "",
      `  Workspace        ${made.workspace.name} (${made.workspace.id})`,
      `  Widget key       ${made.publicKey}`,
      `  Identity secret  ${made.identitySecret}`,
      `                   keep it on your server: it signs customer identities`,
      `  Admin API token  ${token.token}`,
      `                   shown once; use as Authorization: Bearer on /api/admin`,
      `  Console          ${origin}/admin`,
      "",
      "  Create your owner account in the console (one-time link, valid 24 h):",
      "",
      `    ${setup}`,
      "",
      "  Install snippet (paste before </body> on your site):",
      "",
      ...installSnippet(origin, made.publicKey).split("\n").map((l) => `    ${l}`),
      "",
    ].join("\n"),
  };
}

/** accountResetPassword prints a one-time link (1 h) that sets a new password for the account of email. */
export async function accountResetPassword(store: Store, email: string | undefined, origin: string, now: number): Promise<Output> {
  if (!email) throw new UsageError("name the account's email: woes account reset-password EMAIL");
  const user = await userByEmail(store.db, email);
  if (!user) throw new UsageError(`no account with the email ${email}`);
  const { token } = await createReset(store, user.id, now);
  const url = `${origin}${resetPath(token)}`;
  return { json: { url, expiresAt: new Date(now + 3_600_000).toISOString() }, text: `Password reset link for ${user.email} (one use, valid 1 h):\n  ${url}` };
}
