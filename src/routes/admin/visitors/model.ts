// Visitors as operators see them: who, whether verified, where and when last seen.
import * as v from "valibot";

/** VisitorSummary is what the inbox shows of a visitor. */
export const VisitorSummary = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  company: v.nullable(v.string()),
  verified: v.boolean(),
  online: v.boolean(),
});
export type VisitorSummary = v.InferOutput<typeof VisitorSummary>;

/** VisitorDetail adds the customer's user id, the page, presence and locale. */
export const VisitorDetail = v.object({
  ...VisitorSummary.entries,
  userId: v.nullable(v.string()),
  state: v.nullable(v.picklist(["active", "idle", "hidden", "offline"])),
  page: v.nullable(v.object({ url: v.string(), title: v.optional(v.string()), referrer: v.optional(v.string()) })),
  lastSeenAt: v.string(),
  locale: v.nullable(v.string()),
  /** contactId: the verified contact this visitor is (export and erase go through it), or null. */
  contactId: v.optional(v.nullable(v.string())),
});
export type VisitorDetail = v.InferOutput<typeof VisitorDetail>;

/** OnlineVisitor is a visitor on the site now, with its most recently active conversation. */
export const OnlineVisitor = v.object({ ...VisitorDetail.entries, conversationId: v.nullable(v.string()) });
export type OnlineVisitor = v.InferOutput<typeof OnlineVisitor>;

/** OnlineAnswer answers GET /visitors/online: most recently seen first. */
export const OnlineAnswer = v.object({ visitors: v.array(OnlineVisitor) });
