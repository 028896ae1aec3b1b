// Agents: automated responders with a name, an avatar and instructions (operator-only).
import * as v from "valibot";
import { Id, Name } from "../shared";

// note: the widget runs on https pages, where an http image is blocked as mixed content (a broken avatar);
// http stays allowed on this machine's own names, for trying the widget on a local http page.
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isHttpsUrl = (s: string) => URL.canParse(s) && (new URL(s).protocol === "https:" || (new URL(s).protocol === "http:" && LOOPBACK.has(new URL(s).hostname)));
const HttpsUrl = v.pipe(v.string(), v.maxLength(2048, "an https URL of at most 2048 characters"), v.check(isHttpsUrl, "an https image URL (http images do not load on https sites)"));
const Instructions = v.pipe(v.string(), v.maxLength(20_000, "instructions of at most 20000 characters"));

/** CreateAgentBody makes an agent. */
export const CreateAgentBody = v.object({ name: Name, avatarUrl: v.optional(v.nullable(HttpsUrl)), instructions: v.optional(v.nullable(Instructions)) });
export type CreateAgentBody = v.InferOutput<typeof CreateAgentBody>;

/** UpdateAgentBody changes an agent: given fields change (null clears), absent ones stay. */
export const UpdateAgentBody = v.partial(CreateAgentBody);
export type UpdateAgentBody = v.InferOutput<typeof UpdateAgentBody>;

/** AgentParams names a workspace and one of its agents. */
export const AgentParams = v.object({ id: Id, agentId: Id });

/** AdminAgent is an agent as operators see it, instructions included. */
export const AdminAgent = v.object({
  id: v.string(),
  name: v.string(),
  avatarUrl: v.nullable(v.string()),
  instructions: v.nullable(v.string()),
  createdAt: v.string(),
});
export type AdminAgent = v.InferOutput<typeof AdminAgent>;

/** AgentList answers GET .../agents. */
export const AgentList = v.object({ agents: v.array(AdminAgent) });

/** AgentAnswer answers POST and PATCH. */
export const AgentAnswer = v.object({ agent: AdminAgent });
