// The public shapes every widget answer is built from: these schemas are the allow-list.
import * as v from "valibot";
import { decodedOrAsIs } from "../../lib/url";

const Iso = v.string();

/** PublicAttachment: a file sent with a message; `url` works with the caller's credentials. */
export const PublicAttachment = v.object({ id: v.string(), name: v.string(), contentType: v.string(), size: v.number(), url: v.string() });

/** PublicMessage: nothing but these fields ever leaves in a widget answer. */
export const PublicMessage = v.object({
  id: v.string(),
  conversationId: v.string(),
  author: v.object({
    kind: v.picklist(["customer", "operator", "agent", "system"]),
    name: v.optional(v.string()),
    avatarUrl: v.optional(v.string()),
  }),
  body: v.string(),
  createdAt: Iso,
  clientId: v.optional(v.string()),
  sources: v.optional(v.array(v.object({ title: v.string(), url: v.string() }))),
  attachments: v.optional(v.array(PublicAttachment)),
});

/** PublicConversation: status, kind, times, unread count and the last public message. */
export const PublicConversation = v.object({
  id: v.string(),
  status: v.picklist(["open", "closed"]),
  kind: v.picklist(["chat", "ticket"]),
  createdAt: Iso,
  updatedAt: Iso,
  unreadCount: v.number(),
  lastMessage: v.optional(PublicMessage),
  handler: v.optional(v.picklist(["agent", "team"])),
});

// note: a mailed link opens the page with #woes_resume=<token>; the token is the visitor's own key to its
// conversation, so it is dropped from every page address kept (operators, events, presence) or shown, wherever
// it stands (a hash router may make it #/woes_resume=...); written another way (percent-encoded), the query and
// fragment go whole.
const withoutResume = (url: string) => {
  if (!/woes_resume|%[0-9a-f]{2}/i.test(url)) return url;
  const stripped = url.replace(/woes_resume=[^&#]*&?/gi, "").replace(/[#&?]+$/, "");
  return /woes_resume/i.test(decodedOrAsIs(stripped)) ? stripped.replace(/[?#].*$/s, "") : stripped;
};

/** Page is where the visitor is (a mailed link's resume token left out). */
export const Page = v.object({
  url: v.pipe(v.string(), v.maxLength(2048), v.transform(withoutResume)),
  title: v.optional(v.pipe(v.string(), v.maxLength(512))),
  referrer: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

/** Beacon fields: a sendBeacon body names its key and token inside the JSON. */
export const BeaconAuth = {
  key: v.optional(v.pipe(v.string(), v.maxLength(100))),
  token: v.optional(v.pipe(v.string(), v.maxLength(200))),
};
