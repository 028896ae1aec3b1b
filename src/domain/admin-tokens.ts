// Admin API tokens once made: listed (never shown again) and revoked, by the CLI and the console.
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import { adminTokens, adminTokenWorkspaces } from "../../db/schema";
import type { Db, Store } from "../../db/store";
import { iso } from "../lib/text";

/** TokenInfo is what anyone may see of a token: never the token itself, nor its hash. */
export interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  revoked: boolean;
  expiresAt: string | null;
  expired: boolean;
  /** workspaces: "all" for an owner token of every workspace, else the ids it reaches. */
  workspaces: "all" | string[];
}

/** listTokens lists tokens oldest first: all of them, or those that reach workspaceId. */
export async function listTokens(db: Db, now: number, workspaceId?: string): Promise<TokenInfo[]> {
  const scopes = await db.select().from(adminTokenWorkspaces).all();
  const reach = workspaceId ? scopes.filter((s) => s.workspaceId === workspaceId).map((s) => s.tokenId) : [];
  const where = workspaceId ? or(eq(adminTokens.allWorkspaces, true), reach.length ? inArray(adminTokens.id, reach) : undefined) : undefined;
  const rows = await db.select().from(adminTokens).where(where).orderBy(asc(adminTokens.createdAt), asc(adminTokens.id)).all();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: iso(r.createdAt),
    revoked: r.revokedAt !== null,
    expiresAt: r.expiresAt === null ? null : iso(r.expiresAt),
    expired: r.expiresAt !== null && r.expiresAt <= now,
    workspaces: r.allWorkspaces ? "all" : scopes.filter((s) => s.tokenId === r.id).map((s) => s.workspaceId),
  }));
}

/** revokeToken revokes a token by id; false when no live token has that id. */
export async function revokeToken(store: Store, id: string, now: number): Promise<boolean> {
  const changed = await store.write((tx) =>
    tx.update(adminTokens).set({ revokedAt: now }).where(and(eq(adminTokens.id, id), isNull(adminTokens.revokedAt))).returning({ id: adminTokens.id }).all(),
  );
  return changed.length === 1;
}

/** tokenExists tells whether a token with this id was ever made. */
export async function tokenExists(db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: adminTokens.id }).from(adminTokens).where(eq(adminTokens.id, id)).get()) !== undefined;
}
