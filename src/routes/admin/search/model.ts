// Search: what operators may ask for and the hits they get back.
import * as v from "valibot";
import { Id } from "../shared";

/** SearchQuery is `q` (1 to 200 characters) and, optionally, one workspace (absent: all the caller's). */
export const SearchQuery = v.object({
  q: v.pipe(v.string(), v.trim(), v.minLength(1, "a search of 1 to 200 characters"), v.maxLength(200, "a search of 1 to 200 characters")),
  workspace: v.optional(Id),
});
export type SearchQuery = v.InferOutput<typeof SearchQuery>;

/** SearchResult is one hit. `snippet` is HTML-escaped text whose matches are wrapped in <mark>…</mark>. */
export const SearchResult = v.object({
  kind: v.picklist(["message", "visitor", "conversation"]),
  conversationId: v.string(),
  workspaceId: v.string(),
  visitorId: v.optional(v.string()),
  messageId: v.optional(v.string()),
  internal: v.optional(v.boolean()),
  snippet: v.string(),
  at: v.string(),
  /** name is the person of the conversation: a verified contact's name or email, else the visitor's; null when anonymous. */
  name: v.nullable(v.string()),
});
export type SearchResult = v.InferOutput<typeof SearchResult>;

/** SearchAnswer answers GET /search: message hits newest first, then visitors, then conversation fields. */
export const SearchAnswer = v.object({ results: v.array(SearchResult) });
