// Resolves widget public keys to their workspace (and agent), with a small in-memory cache.
import { eq, sql } from "drizzle-orm";
import { agents, widgetKeys, workspaces } from "../../db/schema";
import type { Db } from "../../db/store";
import { readSettings, type Settings } from "./settings";
import { remember } from "../lib/cache";

/**
 * isOrigin accepts only an origin's exact serialized form (http(s) scheme, lowercase host, a port
 * only when not the default, no path or trailing slash): allowed origins are compared with the
 * browser's Origin header as text, so any other spelling could never match.
 */
export const isOrigin = (s: string) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol) && new URL(s).origin === s;

/** servesOrigin tells whether a key with these allowed origins runs on a page of origin (no list: anywhere; no origin: only then). */
export const servesOrigin = (allowedOrigins: string[], origin: string | null) => allowedOrigins.length === 0 || (origin !== null && allowedOrigins.includes(origin));

/** ResolvedKey is everything a widget request needs to know about its key. */
export interface ResolvedKey {
  key: string;
  kind: "workspace" | "agent";
  allowedOrigins: string[];
  revoked: boolean;
  workspace: { id: string; name: string; settings: Settings };
  agent: { id: string; name: string; avatarUrl: string | null } | null;
}

/** KEY_TTL_MS bounds how long a remembered key is trusted (a revocation by another process also clears the cache at once). */
export const KEY_TTL_MS = 5_000;

/** KeyDirectory answers key look-ups from memory; any change in the operator API clears it. */
export class KeyDirectory {
  private cache = new Map<string, { value: ResolvedKey | null; until: number }>();
  private lookup;

  private checkedAt = -Infinity;
  constructor(
    db: Db,
    private now: () => number,
    private changedElsewhere: () => boolean = () => false,
  ) {
    this.lookup = db
      .select({
        key: widgetKeys.key,
        kind: widgetKeys.kind,
        allowedOrigins: widgetKeys.allowedOrigins,
        revokedAt: widgetKeys.revokedAt,
        workspaceId: workspaces.id,
        workspaceName: workspaces.name,
        settings: workspaces.settings,
        agentId: agents.id,
        agentName: agents.name,
        agentAvatarUrl: agents.avatarUrl,
      })
      .from(widgetKeys)
      .innerJoin(workspaces, eq(workspaces.id, widgetKeys.workspaceId))
      .leftJoin(agents, eq(agents.id, widgetKeys.agentId))
      .where(eq(widgetKeys.key, sql.placeholder("key")))
      .prepare();
  }

  /** peek answers from memory only: the record, null for a known-bad key, undefined when not cached. */
  peek(key: string): ResolvedKey | null | undefined {
    const t = this.now();
    // note: another process (the CLI revoking a key) may have written; asked at most once a
    // millisecond, so a request that comes after `woes key revoke` returned always asks.
    if (t - this.checkedAt >= 1) {
      this.checkedAt = t;
      if (this.changedElsewhere()) this.cache.clear();
    }
    const hit = this.cache.get(key);
    return hit && hit.until > t ? hit.value : undefined;
  }

  /** resolve returns the key's record, or null when no such key exists. */
  async resolve(key: string): Promise<ResolvedKey | null> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const row = await this.lookup.get({ key });
    const resolved: ResolvedKey | null = row
      ? {
          key: row.key,
          kind: row.kind,
          allowedOrigins: row.allowedOrigins,
          revoked: row.revokedAt != null,
          workspace: { id: row.workspaceId, name: row.workspaceName, settings: readSettings(row.settings) },
          agent: row.agentId ? { id: row.agentId, name: row.agentName!, avatarUrl: row.agentAvatarUrl } : null,
        }
      : null;
    // note: unknown keys are cached too (bounded), so a flood of bad keys costs no queries.
    remember(this.cache, key, { value: resolved, until: this.now() + KEY_TTL_MS }, 10_000);
    return resolved;
  }

  /** invalidate forgets everything; called after any key, workspace or agent change. */
  invalidate() {
    this.cache.clear();
  }
}
