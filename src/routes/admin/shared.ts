// What every operator API family shares: id schemas and the workspace check.
import { eq } from "drizzle-orm";
import * as v from "valibot";
import { workspaces } from "../../../db/schema";
import type { Db } from "../../../db/store";
import type { Role } from "../../accounts/invites";
import { requireWorkspace, workspaceNotFound, type Operator } from "../../plugins/admin-auth";

/** Id is any id or key in a path or query. */
export const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** WorkspaceParams names a workspace in the path. */
export const WorkspaceParams = v.object({ id: Id });

/** WorkspaceQuery names a workspace in the query string. */
export const WorkspaceQuery = v.object({ workspace: Id });

/** Name is a trimmed display name of 1 to 80 characters. */
export const Name = v.pipe(v.string(), v.trim(), v.minLength(1, "a name of 1 to 80 characters"), v.maxLength(80, "a name of 1 to 80 characters"));

/** WorkspaceRow is a stored workspace. */
export type WorkspaceRow = typeof workspaces.$inferSelect;

/** existingWorkspace checks the operator's role and that the workspace exists, and returns its row. */
export async function existingWorkspace(db: Db, operator: Operator, id: string, minRole: Role = "operator"): Promise<WorkspaceRow> {
  requireWorkspace(operator, id, minRole);
  // note: an all-workspace token passes requireWorkspace for any id, so existence is checked here.
  const row = await db.select().from(workspaces).where(eq(workspaces.id, id)).get();
  if (!row) throw workspaceNotFound();
  return row;
}
