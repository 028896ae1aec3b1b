// Workspace listing, creation (with the creator's access) and settings changes.
import { asc, eq, inArray } from "drizzle-orm";
import { adminTokenWorkspaces, memberships, workspaces } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { forgetEverywhere } from "../../../realtime/publish";
import { defaultSettings, mergeSettings, readSettings } from "../../../domain/settings";
import { createWorkspace } from "../../../domain/workspaces";
import { HttpError, invalid } from "../../../lib/http-error";
import { reach } from "../../../lib/private-host";
import { roleOf, type Operator } from "../../../plugins/admin-auth";
import { existingWorkspace, type WorkspaceRow } from "../shared";
import type { AdminWorkspace, CreatedWorkspace, CreateWorkspaceBody, UpdateWorkspaceBody } from "./model";
import { iso } from "../../../lib/text";
import { aiProviderView, aiView, patchAi } from "../ai/service";

/** adminWorkspace builds the allow-listed workspace answer. */
const adminWorkspace = (row: WorkspaceRow, operator: Operator, config: AppContext["config"]): AdminWorkspace => ({
  id: row.id,
  name: row.name,
  settings: { ...readSettings(row.settings), ai: aiView(row.ai) },
  aiProvider: aiProviderView(config, row.ai),
  role: roleOf(operator, row.id) ?? "operator",
  createdAt: iso(row.createdAt),
});

/** WorkspaceService lists, creates and changes workspaces for an operator. */
export class WorkspaceService {
  constructor(private ctx: AppContext) {}

  /** list returns the workspaces the operator may see, oldest first. */
  async list(operator: Operator): Promise<{ workspaces: AdminWorkspace[] }> {
    const ids = [...operator.workspaces.keys()];
    if (!operator.all && ids.length === 0) return { workspaces: [] };
    const query = this.ctx.store.db.select().from(workspaces);
    const rows = await (operator.all ? query : query.where(inArray(workspaces.id, ids))).orderBy(asc(workspaces.createdAt), asc(workspaces.id)).all();
    return { workspaces: rows.map((r) => adminWorkspace(r, operator, this.ctx.config)) };
  }

  /** get returns one workspace. */
  async get(operator: Operator, id: string): Promise<{ workspace: AdminWorkspace }> {
    return { workspace: adminWorkspace(await existingWorkspace(this.ctx.store.db, operator, id), operator, this.ctx.config) };
  }

  /** create makes a workspace and gives its creator access: a user becomes owner, a scoped token gains it. */
  async create(operator: Operator, body: CreateWorkspaceBody): Promise<CreatedWorkspace> {
    // note: a new workspace answers its identity secret, so only owners (and tokens, which act as owners) make one.
    if (!operator.all && ![...operator.workspaces.values()].includes("owner")) throw new HttpError(403, "forbidden", "Only an owner creates workspaces.");
    const now = this.ctx.clock.now();
    const made = await createWorkspace(this.ctx.store, body.name, now, async (tx, workspaceId) => {
      if (operator.kind === "user") await tx.insert(memberships).values({ userId: operator.id, workspaceId, role: "owner" }).run();
      else if (!operator.all) await tx.insert(adminTokenWorkspaces).values({ tokenId: operator.id, workspaceId }).run();
    });
    const workspaceId = made.workspace.id;
    // note: the operator may be a cached token record; it now reaches the new workspace as the database says.
    if (!operator.all) operator.workspaces.set(workspaceId, "owner");
    const row: WorkspaceRow = { id: workspaceId, name: body.name, settings: defaultSettings(), createdAt: now, ai: null };
    return { workspace: adminWorkspace(row, operator, this.ctx.config), publicKey: made.publicKey, identitySecret: made.identitySecret };
  }

  /** update renames the workspace and merges a settings patch into the stored settings. */
  async update(operator: Operator, id: string, body: UpdateWorkspaceBody): Promise<{ workspace: AdminWorkspace }> {
    await existingWorkspace(this.ctx.store.db, operator, id, "admin");
    const { ai, ...patch } = body.settings ?? {};
    // note: the server calls this URL (ai/test reports what answered), so a workspace may not point it into the server's
    // own network. A name that resolves to nothing (yet) is kept: each call judges it again, and calls none such.
    if (ai && !this.ctx.config.ai.allowPrivateUrls && (await reach(ai.url, this.ctx.resolveHost)) === "own") {
      throw invalid("settings.ai.url", "A public http(s) URL: loopback, private and link-local addresses, and names that resolve to them, are refused unless the server runs with --ai-allow-private-urls.");
    }
    // note: read, merge and write in one transaction, so concurrent patches of different settings both land.
    const next = await this.ctx.store.write(async (tx) => {
      const current = (await tx.select().from(workspaces).where(eq(workspaces.id, id)).get())!;
      const settings = body.settings ? mergeSettings(readSettings(current.settings), patch) : readSettings(current.settings);
      if ("field" in settings) throw invalid(settings.field, settings.message);
      const row: WorkspaceRow = { ...current, name: body.name ?? current.name, settings, ai: ai === undefined ? current.ai : patchAi(current.ai, ai) };
      await tx.update(workspaces).set({ name: row.name, settings, ai: row.ai }).where(eq(workspaces.id, id)).run();
      return row;
    });
    // note: the widget's key cache holds the workspace name and settings.
    forgetEverywhere(this.ctx, { keys: true });
    return { workspace: adminWorkspace(next, operator, this.ctx.config) };
  }
}
