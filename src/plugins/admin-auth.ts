// admin.auth: the `admin` macro that resolves the operator behind a bearer token or the console cookie.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { Elysia } from "elysia";
import { adminTokens, adminTokenWorkspaces } from "../../db/schema";
import type { AppContext } from "../context";
import { SAFE_METHODS, signedInSession } from "../accounts/http";
import type { Role } from "../accounts/invites";
import { remember } from "../lib/cache";
import { sha256Hex } from "../lib/crypto";
import { HttpError } from "../lib/http-error";

/** Operator is who calls the operator API: an admin token or a signed-in console user. */
export interface Operator {
  kind: "token" | "user";
  id: string;
  name: string;
  /** all: an all-workspace token, owner of every workspace (later ones too). */
  all: boolean;
  workspaces: Map<string, Role>;
}

const p = sql.placeholder;

const RANK: Record<Role, number> = { operator: 1, admin: 2, owner: 3 };

/** workspaceNotFound is the answer for a workspace the operator may not see (404, never 403: no oracle). */
export const workspaceNotFound = () => new HttpError(404, "workspace_not_found", "No such workspace.");

/** roleOf returns the operator's role in workspaceId, or null when it may not see it. */
export const roleOf = (operator: Operator, workspaceId: string): Role | null => (operator.all ? "owner" : (operator.workspaces.get(workspaceId) ?? null));

/** requireWorkspace returns the operator's role in workspaceId: 404 when it may not see it, 403 below minRole. */
export function requireWorkspace(operator: Operator, workspaceId: string, minRole: Role = "operator"): Role {
  const role = roleOf(operator, workspaceId);
  if (!role) throw workspaceNotFound();
  if (RANK[role] < RANK[minRole]) throw new HttpError(403, "forbidden", `This needs the ${minRole} role in this workspace.`);
  return role;
}

/** OperatorDirectory finds operators by token or by console session, asking the database every time. */
export class OperatorDirectory {
  // note: every operator API request asks these, so they are prepared once.
  private tokenRow;
  private tokenScope;
  private hashes = new Map<string, string>();
  constructor(private ctx: AppContext) {
    const db = ctx.store.db;
    this.tokenRow = db
      .select({ id: adminTokens.id, name: adminTokens.name, all: adminTokens.allWorkspaces })
      .from(adminTokens)
      .where(and(eq(adminTokens.tokenHash, p("hash")), isNull(adminTokens.revokedAt), or(isNull(adminTokens.expiresAt), gt(adminTokens.expiresAt, p("now")))))
      .prepare();
    this.tokenScope = db.select({ id: adminTokenWorkspaces.workspaceId }).from(adminTokenWorkspaces).where(eq(adminTokenWorkspaces.tokenId, p("id"))).prepare();
  }

  /** byToken returns the operator behind a live (unrevoked, unexpired) admin token, or null. */
  async byToken(token: string): Promise<Operator | null> {
    if (!token.startsWith("woes_at_") || token.length > 100) return null;
    // note: only the hash is remembered, never the row: a token revoked by the CLI (another process) is refused from the next request on.
    let hash = this.hashes.get(token);
    if (hash === undefined) remember(this.hashes, token, (hash = await sha256Hex(token)), 1_000);
    const row = await this.tokenRow.get({ hash, now: this.ctx.clock.now() });
    if (!row) return null;
    const scoped = row.all ? [] : await this.tokenScope.all({ id: row.id });
    // note: tokens act as owners; the console names their replies "Support", not the token's label.
    return { kind: "token", id: row.id, name: "Support", all: row.all, workspaces: new Map(scoped.map((w) => [w.id, "owner" as Role])) };
  }

  /** bySession returns the signed-in console user, refusing state changes that fail the CSRF checks. */
  async bySession(request: Request): Promise<Operator | null> {
    const session = await signedInSession(this.ctx, request, !SAFE_METHODS.has(request.method));
    if (!session) return null;
    return {
      kind: "user",
      id: session.userId,
      name: session.name,
      all: false,
      workspaces: new Map(session.memberships.map((m) => [m.workspaceId, m.role])),
    };
  }

  /** authenticate resolves a request's operator: bearer token first, then the console cookie. */
  async authenticate(request: Request): Promise<Operator> {
    const header = request.headers.get("authorization");
    const operator = header?.startsWith("Bearer ") ? await this.byToken(header.slice(7).trim()) : await this.bySession(request);
    if (!operator) throw new HttpError(401, "unauthorized", "Send an admin token as Authorization: Bearer, or sign in to the console.");
    return operator;
  }
}

// note: resolve runs after body validation, so the operator is found in transform (before it)
// and handed to resolve through this map: an anonymous caller gets 401, never a 422.
const found = new WeakMap<Request, Operator>();

/** adminAuth is the plugin every operator API family uses; make it once per app and share it. */
export const adminAuth = (ctx: AppContext, directory = new OperatorDirectory(ctx)) =>
  new Elysia({ name: "admin.auth" })
    .onAfterHandle({ as: "scoped" }, ({ set }) => {
      set.headers["cache-control"] = "no-store";
    })
    .macro({
      admin: (enabled: true) => ({
        async transform({ request }) {
          if (enabled) found.set(request, await directory.authenticate(request));
        },
        resolve({ request }) {
          const operator = found.get(request);
          if (!operator) throw new HttpError(401, "unauthorized", "Send an admin token as Authorization: Bearer, or sign in to the console.");
          // note: long-lived answers (the inbox stream) ask again, so a revoked token, a closed
          // session or a removed membership ends them too.
          const reauthenticate = () => directory.authenticate(request).catch(() => null);
          return { operator, reauthenticate };
        },
      }),
    });

/** AdminAuth is the type of the shared plugin instance. */
export type AdminAuth = ReturnType<typeof adminAuth>;
