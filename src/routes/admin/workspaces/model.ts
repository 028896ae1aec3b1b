// Workspaces as operators see them: name, settings, the caller's role.
import * as v from "valibot";
import { Settings, SettingsPatch } from "../../../domain/settings";
import { Name } from "../shared";
import { AiPatch, AiProviderView, AiView } from "../ai/model";

/** CreateWorkspaceBody names a new workspace. */
export const CreateWorkspaceBody = v.object({ name: Name });
export type CreateWorkspaceBody = v.InferOutput<typeof CreateWorkspaceBody>;

/** UpdateWorkspaceBody renames and/or patches settings: given fields merge, absent ones stay. */
export const UpdateWorkspaceBody = v.object({ name: v.optional(Name), settings: v.optional(v.object({ ...SettingsPatch.entries, ai: v.optional(AiPatch) })) });
export type UpdateWorkspaceBody = v.InferOutput<typeof UpdateWorkspaceBody>;

/** AdminWorkspace is one workspace with its settings and the caller's role in it. */
export const AdminWorkspace = v.object({
  id: v.string(),
  name: v.string(),
  settings: v.object({ ...Settings.entries, ai: AiView }),
  /** aiProvider is the model provider agents use here: the workspace's, the server's, or none. */
  aiProvider: AiProviderView,
  role: v.picklist(["owner", "admin", "operator"]),
  createdAt: v.string(),
});
export type AdminWorkspace = v.InferOutput<typeof AdminWorkspace>;

/** WorkspaceList answers GET /workspaces. */
export const WorkspaceList = v.object({ workspaces: v.array(AdminWorkspace) });

/** WorkspaceAnswer answers GET and PATCH /workspaces/:id. */
export const WorkspaceAnswer = v.object({ workspace: AdminWorkspace });

/** CreatedWorkspace answers POST /workspaces: the key and secret are shown this once. */
export const CreatedWorkspace = v.object({ workspace: AdminWorkspace, publicKey: v.string(), identitySecret: v.string() });
export type CreatedWorkspace = v.InferOutput<typeof CreatedWorkspace>;
