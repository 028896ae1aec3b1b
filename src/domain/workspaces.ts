// Creating workspaces, widget keys, identity secrets and admin tokens: shared by the CLI and the operator API.
import { and, eq, isNull, lte } from "drizzle-orm";
import { adminTokens, adminTokenWorkspaces, identitySecrets, widgetKeys, workspaces } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { sha256Hex } from "../lib/crypto";
import { newAdminToken, newAgentKey, newId, newIdentitySecret, newWorkspaceKey } from "../lib/ids";
import { defaultSettings } from "./settings";

/** createWorkspace makes a workspace with a workspace widget key and an identity secret;
 *  `grant` runs in the same transaction, so whoever is to reach the workspace always can. */
export async function createWorkspace(store: Store, name: string, now: number, grant?: (tx: Db, workspaceId: string) => Promise<unknown>) {
  return store.write(async (tx) => {
    const made = await insertWorkspace(tx, name, now);
    await grant?.(tx, made.workspace.id);
    return made;
  });
}

/** insertWorkspace is createWorkspace inside a transaction the caller holds. */
export async function insertWorkspace(tx: Db, name: string, now: number) {
  const workspace = { id: newId("ws"), name };
  const publicKey = newWorkspaceKey();
  const identitySecret = newIdentitySecret();
  await tx.insert(workspaces).values({ ...workspace, settings: defaultSettings(), createdAt: now }).run();
  await tx.insert(widgetKeys).values({ key: publicKey, workspaceId: workspace.id, kind: "workspace", allowedOrigins: [], createdAt: now }).run();
  await tx.insert(identitySecrets).values({ id: newId("sec"), workspaceId: workspace.id, secret: identitySecret, createdAt: now }).run();
  return { workspace, publicKey, identitySecret };
}

/** insertKey adds a widget key inside a transaction and returns its public record. */
export async function insertKey(tx: Db, workspaceId: string, kind: "workspace" | "agent", agentId: string | null, allowedOrigins: string[], now: number) {
  const key = kind === "agent" ? newAgentKey() : newWorkspaceKey();
  await tx.insert(widgetKeys).values({ key, workspaceId, kind, agentId, allowedOrigins, createdAt: now }).run();
  return { key, kind, agentId, allowedOrigins };
}

/** rotateIdentitySecret makes a new current secret. The previous one stays valid for the grace
 *  period, or, with revokePrevious, stops at once; secrets whose grace has ended are deleted. */
export async function rotateIdentitySecret(store: Store, workspaceId: string, graceHours: number, now: number, revokePrevious = false) {
  const secret = newIdentitySecret();
  const graceMs = graceHours * 3_600_000;
  await store.write(async (tx) => {
    const mine = eq(identitySecrets.workspaceId, workspaceId);
    if (revokePrevious) await tx.delete(identitySecrets).where(mine).run();
    else {
      await tx.delete(identitySecrets).where(and(mine, lte(identitySecrets.retiredAt, now - graceMs))).run();
      await tx.update(identitySecrets).set({ retiredAt: now }).where(and(mine, isNull(identitySecrets.retiredAt))).run();
    }
    await tx.insert(identitySecrets).values({ id: newId("sec"), workspaceId, secret, createdAt: now }).run();
  });
  return { identitySecret: secret, previousValidUntil: revokePrevious ? null : new Date(now + graceMs).toISOString() };
}

/** pruneIdentitySecrets deletes every retired secret whose grace (under the setting in force) has ended. */
export async function pruneIdentitySecrets(store: Store, graceHours: number, now: number) {
  await store.write((tx) => tx.delete(identitySecrets).where(lte(identitySecrets.retiredAt, now - graceHours * 3_600_000)).run());
}

/** currentIdentitySecret returns the workspace's current secret. */
export async function currentIdentitySecret(db: Db, workspaceId: string) {
  const row = await db
    .select({ secret: identitySecrets.secret })
    .from(identitySecrets)
    .where(and(eq(identitySecrets.workspaceId, workspaceId), isNull(identitySecrets.retiredAt)))
    .get();
  return row?.secret ?? null;
}

/** TokenOptions: a token's label, its workspaces (absent: all, later ones too) and when it expires (absent: never). */
export interface TokenOptions {
  name: string;
  workspaceIds?: string[];
  expiresAt?: number;
}

/** createAdminToken makes an admin token (shown once, stored hashed) for all or some workspaces. */
export async function createAdminToken(store: Store, opts: TokenOptions, now: number) {
  const minted = await mintAdminToken(opts, now);
  await store.write((tx) => minted.insert(tx));
  return { token: minted.token, id: minted.id };
}

/** mintAdminToken makes a token and its hash; insert stores it inside a transaction the caller holds. */
export async function mintAdminToken(opts: TokenOptions, now: number) {
  const token = newAdminToken();
  const id = newId("tok");
  const tokenHash = await sha256Hex(token);
  const insert = async (tx: Db) => {
    await tx.insert(adminTokens).values({ id, tokenHash, name: opts.name, allWorkspaces: !opts.workspaceIds, createdAt: now, expiresAt: opts.expiresAt ?? null }).run();
    for (const workspaceId of opts.workspaceIds ?? []) await tx.insert(adminTokenWorkspaces).values({ tokenId: id, workspaceId }).run();
  };
  return { token, id, insert };
}
