// Agents of a workspace: list, create, change.
import { and, asc, eq } from "drizzle-orm";
import { agents } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { forgetEverywhere } from "../../../realtime/publish";
import { HttpError } from "../../../lib/http-error";
import { newId } from "../../../lib/ids";
import type { Operator } from "../../../plugins/admin-auth";
import { existingWorkspace } from "../shared";
import type { AdminAgent, CreateAgentBody, UpdateAgentBody } from "./model";
import { iso } from "../../../lib/text";

type AgentRow = typeof agents.$inferSelect;

const adminAgent = (a: AgentRow): AdminAgent => ({ id: a.id, name: a.name, avatarUrl: a.avatarUrl, instructions: a.instructions, createdAt: iso(a.createdAt) });

/** AgentService manages the agents of a workspace; changes need the admin role. */
export class AgentService {
  constructor(private ctx: AppContext) {}

  /** list returns the workspace's agents, oldest first. */
  async list(operator: Operator, workspaceId: string): Promise<{ agents: AdminAgent[] }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId);
    const rows = await this.ctx.store.db.select().from(agents).where(eq(agents.workspaceId, workspaceId)).orderBy(asc(agents.createdAt), asc(agents.id)).all();
    return { agents: rows.map(adminAgent) };
  }

  /** create adds an agent to the workspace. */
  async create(operator: Operator, workspaceId: string, body: CreateAgentBody): Promise<{ agent: AdminAgent }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const row: AgentRow = {
      id: newId("ag"),
      workspaceId,
      name: body.name,
      avatarUrl: body.avatarUrl ?? null,
      instructions: body.instructions ?? null,
      createdAt: this.ctx.clock.now(),
    };
    await this.ctx.store.write((tx) => tx.insert(agents).values(row).run());
    return { agent: adminAgent(row) };
  }

  /** update changes the given fields of one of the workspace's agents. */
  async update(operator: Operator, workspaceId: string, agentId: string, body: UpdateAgentBody): Promise<{ agent: AdminAgent }> {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, "admin");
    const where = and(eq(agents.id, agentId), eq(agents.workspaceId, workspaceId));
    // note: only the fields sent are written, so concurrent edits of different fields both land.
    const changes: Partial<AgentRow> = {};
    if (body.name !== undefined) changes.name = body.name;
    if (body.avatarUrl !== undefined) changes.avatarUrl = body.avatarUrl;
    if (body.instructions !== undefined) changes.instructions = body.instructions;
    const next = await this.ctx.store.write(async (tx) => {
      const current = await tx.select().from(agents).where(where).get();
      if (!current) throw new HttpError(404, "agent_not_found", "No such agent in this workspace.");
      if (Object.keys(changes).length) await tx.update(agents).set(changes).where(where).run();
      return { ...current, ...changes };
    });
    // note: the widget's key cache holds agent names and avatars.
    forgetEverywhere(this.ctx, { keys: true });
    return { agent: adminAgent(next) };
  }
}
