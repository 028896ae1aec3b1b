// Agent sources: attached context pasted as text, Markdown or HTML, or uploaded as a file.
import * as v from "valibot";
import { Id } from "../shared";

/** MAX_SOURCE_BYTES caps a source's text (1 MiB, CONTRACT §7). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2048, "an http(s) URL of at most 2048 characters"),
  v.check((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), "an http(s) URL"),
);

/** SourceBody is a source sent as JSON (a multipart upload is read into the same shape). */
export const SourceBody = v.object({
  title: v.pipe(v.string(), v.trim(), v.minLength(1, "a title of 1 to 200 characters"), v.maxLength(200, "a title of 1 to 200 characters")),
  text: v.pipe(
    v.string(),
    v.check((s) => s.trim().length > 0, "some text"),
    v.check((s) => new TextEncoder().encode(s).length <= MAX_SOURCE_BYTES, "text of at most 1 MiB"),
  ),
  url: v.optional(v.nullable(HttpUrl)),
  /** format says how to read text; absent: HTML when it looks like HTML, else Markdown. */
  format: v.optional(v.picklist(["text", "markdown", "html"])),
});
export type SourceBody = v.InferOutput<typeof SourceBody>;

/** SourceParams names a workspace, an agent and one of its sources. */
export const SourceParams = v.object({ id: Id, agentId: Id, sourceId: Id });

/** AdminSource is a source as operators see it: title, url, size and passage count. */
export const AdminSource = v.object({
  id: v.string(),
  title: v.string(),
  url: v.optional(v.string()),
  chars: v.number(),
  chunks: v.number(),
  createdAt: v.string(),
});
export type AdminSource = v.InferOutput<typeof AdminSource>;

/** SourceList answers GET .../sources. */
export const SourceList = v.object({ sources: v.array(AdminSource) });
