// Session request and answer schemas.
import * as v from "valibot";
import { PublicSettings } from "../../../domain/settings";
import { Page, PublicConversation } from "../model";

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** Identity is the identify command's payload: unsigned, HMAC or JWT. */
export const Identity = v.object({
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254), v.email())),
  name: v.optional(Text(200)),
  company: v.optional(Text(200)),
  id: v.optional(Text(200)),
  email_hash: v.optional(v.pipe(v.string(), v.maxLength(128))),
  jwt: v.optional(v.pipe(v.string(), v.maxLength(8192))),
});
export type Identity = v.InferOutput<typeof Identity>;

/** SessionBody starts or resumes a visitor. */
export const SessionBody = v.object({
  identity: v.optional(Identity),
  page: v.optional(Page),
  locale: v.optional(v.pipe(v.string(), v.maxLength(35))),
  /** resume: the token of a mailed conversation link (`#woes_resume=`), which brings that conversation's visitor to this browser. */
  resume: v.optional(v.pipe(v.string(), v.maxLength(64))),
});
export type SessionBody = v.InferOutput<typeof SessionBody>;

/** SessionAnswer is the whole public config a widget boots with. */
export const SessionAnswer = v.object({
  visitor: v.object({
    token: v.string(),
    id: v.string(),
    verified: v.boolean(),
    name: v.optional(v.string()),
    email: v.optional(v.string()),
    company: v.optional(v.string()),
  }),
  workspace: v.object({ name: v.string() }),
  agent: v.optional(v.object({ name: v.string(), avatarUrl: v.optional(v.string()) })),
  settings: PublicSettings,
  conversations: v.array(PublicConversation),
  unreadCount: v.number(),
});
export type SessionAnswer = v.InferOutput<typeof SessionAnswer>;
