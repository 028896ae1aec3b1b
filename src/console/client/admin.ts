// The operator API as the console uses it: one function per call, answers turned into console types.
import type { Trace } from "./agents";
import { del, get, patch, post, qs } from "./api";

/** Settings is a workspace's settings document (CONTRACT §3b). */
export interface Settings {
  theme: "light" | "dark" | "auto";
  identity: "optional" | "required";
  survey: "csat" | "nps" | null;
  ticketForms: TicketForm[];
  /** autoAssign: a reply from an unassigned conversation assigns it to the replier (absent: on). */
  autoAssign?: boolean;
  /** Branding (CONTRACT §9b): the widget's colour, header greeting and launcher placement and icon. */
  brandColor?: string;
  greeting?: string;
  launcher?: { position: "left" | "right"; offset?: { x: number; y: number }; icon?: "chat" | "question" | "headset" | "envelope" };
  /** Languages: the widget's language (absent: the visitor's browser's) and the greeting per language. */
  locale?: string;
  greetings?: Record<string, string>;
  /** Availability: office hours and the reply time shown (auto: measured). */
  hours?: OfficeHours;
  replyTime?: "auto" | "minutes" | "hour" | "hours" | "day";
  /** ai is the workspace's own model provider; the key is write-only (keySet says whether one is stored). */
  ai?: { url: string; model: string; keySet: boolean } | null;
}
/** OfficeHours are when the team works: weekly intervals in a time zone, and holidays. */
export interface OfficeHours {
  timeZone: string;
  weekly: Partial<Record<"sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat", [string, string][]>>;
  holidays?: string[];
}
/** TicketForm is a ticket form definition. */
export interface TicketForm {
  key: string;
  title: string;
  fields: { key: string; label: string; type: "text" | "textarea" | "email" | "select"; required: boolean; options?: string[] }[];
}
/** Workspace is one workspace with its settings. */
export interface Workspace {
  id: string;
  name: string;
  settings: Settings;
  /** aiProvider is the provider agents use: the workspace's own, the server's flags, or none (extractive mode). */
  aiProvider?: { source: "workspace" | "server" | "none"; host?: string; model?: string };
}
/** Agent is an automated responder. */
export interface Agent {
  id: string;
  name: string;
  avatarUrl?: string | null;
  instructions?: string | null;
}
/** WidgetKey is a public widget key. */
export interface WidgetKey {
  key: string;
  kind: "workspace" | "agent";
  agentId?: string | null;
  allowedOrigins: string[];
  revoked?: boolean;
  revokedAt?: string | null;
  createdAt?: string;
}
/** AdminToken is an admin API token as owners see it: never the token itself. */
export interface AdminToken {
  id: string;
  name: string;
  createdAt: string;
  revoked: boolean;
  expiresAt: string | null;
  expired: boolean;
  allWorkspaces: boolean;
  /** revocable: false when the token reaches workspaces this user does not own (or every workspace). */
  revocable: boolean;
}
/** Author is who wrote a message. */
export interface Author {
  kind: "customer" | "operator" | "agent" | "system";
  name?: string | null;
  avatarUrl?: string | null;
}
/** Message is a message as operators see it, internal notes included. */
export interface Message {
  id: string;
  author: Author;
  body: string;
  createdAt: string;
  internal?: boolean;
  /** trace is why an agent answered (or handed over) this way; operators only. */
  trace?: Trace | null;
  attachments?: Attachment[];
}
/** Attachment is a file sent with a message; its url works with the session cookie. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}
/** VisitorInfo is what operators see of a visitor. */
export interface VisitorInfo {
  id: string;
  name?: string | null;
  email?: string | null;
  company?: string | null;
  verified?: boolean;
  online?: boolean;
  page?: { url: string; title?: string } | null;
  lastSeenAt?: string | null;
  locale?: string | null;
  state?: "active" | "idle" | "hidden" | "offline" | null;
  /** conversationId is the visitor's latest conversation (online list only). */
  conversationId?: string | null;
  /** contactId is the verified contact this visitor is (conversation details only). */
  contactId?: string | null;
}
/** InboxItem is one row of the inbox. */
export interface InboxItem {
  id: string;
  /** status: snoozed is open, put aside until snoozedUntil. */
  status: "open" | "snoozed" | "closed";
  snoozedUntil?: string | null;
  tags?: string[];
  kind: "chat" | "ticket";
  createdAt: string;
  updatedAt: string;
  unreadCount?: number;
  lastMessage?: Message | null;
  visitor?: VisitorInfo | null;
  agent?: { id: string; name: string } | null;
  /** handler is who answers: the agent, or the team (null when no agent ever had it). */
  handler?: "agent" | "team" | null;
  /** waitingForTeam: handed to the team, and no operator has replied since. */
  waitingForTeam?: boolean;
  /** assignee is the teammate who owns the conversation (null: unassigned). */
  assignee?: { id: string; name: string } | null;
}
/** Member is a teammate of the chosen workspace. */
export interface Member {
  userId: string;
  name: string;
  you: boolean;
}
/** InboxFilter narrows the inbox: who answers, whether it waits for a person, and whose it is (me, none or an account id). */
export interface InboxFilter {
  handler?: "agent" | "team";
  waiting?: "true";
  assignee?: string;
  tag?: string;
}
/** Detail is one conversation with everything operators may see; messages is a page, oldest first. */
export interface Detail extends InboxItem {
  messages: Message[];
  /** olderCursor asks for the page before messages (null: they start the conversation). */
  olderCursor: string | null;
  hasOlder: boolean;
  fields?: Record<string, unknown> | null;
  ticket?: { form: string; title?: string; fields: Record<string, string>; labels?: Record<string, string> } | null;
  survey?: { kind: "csat" | "nps"; score: number; comment?: string | null } | null;
}
/** Stats are the figures of the Stats page. */
export interface Stats {
  totals: { launcherViews: number; opens: number; conversationsStarted: number };
  daily: { date: string; launcherViews: number; opens: number; conversationsStarted: number }[];
  csat: { count: number; average: number | null; distribution: Record<string, number> };
  nps: { count: number; score: number | null; distribution: Record<string, number> };
  /** team: first-response and resolution times of conversations started in the range. */
  team: {
    firstResponse: { count: number; averageSeconds: number | null };
    resolution: { count: number; averageSeconds: number | null };
    operators: { id: string; name: string; firstResponses: number; firstResponseSeconds: number | null; resolved: number; resolutionSeconds: number | null }[];
  };
}

const ws = (id: string) => `/api/admin/workspaces/${encodeURIComponent(id)}`;
const conv = (id: string) => `/api/admin/conversations/${encodeURIComponent(id)}`;

/** admin is the console's view of the operator API. */
export const admin = {
  workspace: async (id: string): Promise<Workspace> => (await get(ws(id))).workspace,
  updateWorkspace: async (id: string, body: { name?: string; settings?: Partial<Omit<Settings, "ai" | "brandColor" | "greeting" | "launcher" | "locale" | "greetings" | "hours">> & { brandColor?: string | null; greeting?: string | null; launcher?: Settings["launcher"] | null; locale?: string | null; greetings?: Record<string, string> | null; hours?: OfficeHours | null } & { ai?: { url: string; model: string; key?: string | null } | null } }): Promise<Workspace> => (await patch(ws(id), body)).workspace,
  agents: async (id: string): Promise<Agent[]> => (await get(`${ws(id)}/agents`)).agents,
  createAgent: async (id: string, body: Omit<Agent, "id">): Promise<Agent> => (await post(`${ws(id)}/agents`, body)).agent,
  updateAgent: async (id: string, agentId: string, body: Partial<Agent>): Promise<Agent> => (await patch(`${ws(id)}/agents/${encodeURIComponent(agentId)}`, body)).agent,
  keys: async (id: string): Promise<WidgetKey[]> => (await get(`${ws(id)}/keys`)).keys,
  createKey: (id: string, body: { kind: "workspace" | "agent"; agentId?: string; allowedOrigins: string[] }): Promise<WidgetKey> => post(`${ws(id)}/keys`, body),
  revokeKey: (id: string, key: string) => del(`${ws(id)}/keys/${encodeURIComponent(key)}`),
  tokens: async (id: string): Promise<AdminToken[]> => (await get(`${ws(id)}/tokens`)).tokens,
  revokeToken: (id: string, tokenId: string) => del(`${ws(id)}/tokens/${encodeURIComponent(tokenId)}`),
  identitySecret: (id: string): Promise<{ identitySecret: string; previousValidUntil?: string | null }> => get(`${ws(id)}/identity-secret`),
  rotateSecret: (id: string, revokePrevious = false): Promise<{ identitySecret: string; previousValidUntil: string | null }> =>
    post(`${ws(id)}/identity-secret/rotate`, { revokePrevious }),
  inbox: (workspace: string, status: InboxItem["status"], page: { after?: string; limit?: number } & InboxFilter = {}): Promise<{ conversations: InboxItem[]; nextCursor: string | null; hasMore: boolean }> =>
    get(`/api/admin/conversations${qs({ workspace, status, ...page })}`),
  conversation: async (id: string, before?: string): Promise<Detail> => (await get(`${conv(id)}${qs({ before })}`)).conversation,
  send: async (id: string, body: string, internal: boolean, attachments?: string[]): Promise<Message> => (await post(`${conv(id)}/messages`, { body, internal, attachments: attachments?.length ? attachments : undefined })).message,
  upload: async (id: string, file: File): Promise<string> => {
    const form = new FormData();
    form.append("file", file, file.name);
    return (await post(`${conv(id)}/attachments`, form)).attachment.id;
  },
  setStatus: (id: string, action: "close" | "reopen") => post(`${conv(id)}/${action}`),
  assign: (id: string, accountId: string | null) => post(`${conv(id)}/assign`, { accountId }),
  seen: (id: string, messageId: string) => post(`${conv(id)}/seen`, { messageId }),
  typing: (id: string) => post(`${conv(id)}/typing`),
  setTags: (id: string, tags: string[]) => patch(conv(id), { tags }),
  snooze: (id: string, until: string | null) => post(`${conv(id)}/snooze`, { until }),
  members: async (workspace: string): Promise<Member[]> => (await get(`/api/console/workspaces/${encodeURIComponent(workspace)}/members`)).members,
  online: async (workspace: string): Promise<VisitorInfo[]> => (await get(`/api/admin/visitors/online${qs({ workspace })}`)).visitors,
  stats: (workspace: string, from: string, to: string): Promise<Stats> => get(`/api/admin/stats${qs({ workspace, from, to })}`),
  streamUrl: (workspace: string) => `/api/admin/conversations/stream${qs({ workspace })}`,
};

/** snippet fetches the exact install snippet the server prints for a key. */
export async function snippet(key: string): Promise<string> {
  const res = await fetch(`/install/${encodeURIComponent(key)}?format=text`, { credentials: "same-origin" });
  if (!res.ok) throw new Error("The snippet could not be loaded.");
  return (await res.text()).trim();
}
