// bounds: the limits every request meets before routing and validation (CONTRACT §4b):
// request line and header sizes, body size, and the depth and value count of a JSON body.
import { Elysia } from "elysia";
import { bounded } from "../lib/deadline";
import { HttpError } from "../lib/http-error";
import { parseBoundedJson } from "../lib/json";
import { boundaryOf, MAX_PART_HEADER, partFileName } from "../lib/multipart";
import { pathStartsWith } from "../lib/url";
import { errorResponse } from "./errors";
import { corsHeaders } from "./widget";

/** WIDGET_BODY_LIMIT is the body cap of the widget routes (CONTRACT §4). */
export const WIDGET_BODY_LIMIT = 64 * 1024;

/** API_BODY_LIMIT is the body cap of every other route (/api/admin, /api/console). */
export const API_BODY_LIMIT = 1024 * 1024;

/** MAX_REQUEST_LINE is the longest request line (method, path and query) answered; longer is 414. */
export const MAX_REQUEST_LINE = 16 * 1024;

/** MAX_HEADER_BYTES is the largest header block answered; larger is 431. */
export const MAX_HEADER_BYTES = 32 * 1024;

// note: a navigator.sendBeacon body cannot carry headers, so these routes also take text/plain.
const BEACON_PATHS = ["/api/widget/events", "/api/widget/presence"];

// note: these routes read a multipart upload themselves, with their own cap; nowhere else takes one.
// The upload is left unread here and read by its route (readUpload) once the caller's credentials
// are checked, so no one unauthenticated makes the server read or parse a large body.
const UPLOAD_PATHS = [/^\/api\/admin\/workspaces\/[^/]+\/agents\/[^/]+\/sources$/, /^\/api\/widget\/attachments$/, /^\/api\/admin\/conversations\/[^/]+\/attachments$/];

/** MULTIPART_OVERHEAD is what the form around one file may add to a file at the size cap. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** readUpload reads a multipart upload of one file up to maxFileBytes, refusing (413) a larger one before or while it
 *  streams in, and (400 upload_too_slow) one whose body has not all arrived after deadlineMs(its size), when given. */
export async function readUpload(request: Request, maxFileBytes: number, deadlineMs?: (bytes: number) => number): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) throw new HttpError(415, "unsupported_media_type", "Send the file as multipart/form-data.");
  const bytes = await readLimitedBytes(request, maxFileBytes + MULTIPART_OVERHEAD, deadlineMs).catch((e) => {
    throw e instanceof HttpError && e.status === 413 ? fileTooLarge(maxFileBytes) : e;
  });
  const form = await new Response(bytes, { headers: { "content-type": type } }).formData().catch(() => {
    throw new HttpError(400, "invalid_body", "The upload is not valid multipart/form-data.");
  });
  // note: Deno's multipart parser cuts a quoted file name at its first "=" or ";" ("a=b.png" becomes
  // "\"a"), so the name is read again from the part's own header (within the form's overhead, where a
  // form puts it), by a linear scan: a regex over a hostile field once stalled the server for seconds.
  const file = form.get("file");
  const boundary = boundaryOf(type);
  const name = boundary ? partFileName(bytesAsChars(bytes.subarray(0, MULTIPART_OVERHEAD + MAX_PART_HEADER)), boundary) : null;
  if (file instanceof Blob && name !== null) form.set("file", file, name);
  return form;
}

// note: one character per byte (not windows-1252, which TextDecoder("latin1") is), so UTF-8 can be rebuilt.
const bytesAsChars = (bytes: Uint8Array) => {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
};

/** fileTooLarge is the 413 for a file over its cap. */
export const fileTooLarge = (maxFileBytes: number) => new HttpError(413, "file_too_large", `A file is at most ${maxFileBytes / 1024 / 1024} MiB.`, "file");

const unsupported = () => new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
const tooLarge = (limit: number) => new HttpError(413, "body_too_large", `The request body is larger than ${limit / 1024 >= 1024 ? `${limit / 1024 / 1024} MiB` : `${limit / 1024} KiB`}.`);

/** readLimited reads a body as text, refusing (413) one over limit before or while it streams in. */
export function readLimited(request: Request, limit: number): Promise<string> {
  // note: with a declared length within the cap the runtime holds the body to it, and reads it as text itself.
  const length = request.headers.get("content-length");
  if (length !== null && Number(length) <= limit) return request.text();
  return readLimitedBytes(request, limit).then((bytes) => decoder.decode(bytes));
}

const decoder = new TextDecoder();

/** readLimitedBytes reads a body, refusing (413) one over limit before or while it streams in, and (400) one that has
 *  not all arrived within deadlineMs(its declared size, else the limit), when given. */
async function readLimitedBytes(request: Request, limit: number, deadlineMs?: (bytes: number) => number): Promise<Uint8Array<ArrayBuffer>> {
  const length = request.headers.get("content-length");
  // note: a length that is not a number is no length at all: the body is counted as it streams in.
  const declared = length === null || !Number.isFinite(Number(length)) ? null : Number(length);
  if (declared !== null && declared > limit) throw tooLarge(limit);
  // note: with a declared length the runtime holds the body to that length; only a chunked body has to be counted
  // while it streams in, and only a body with a deadline has to be read where it can be given up.
  if (declared !== null && deadlineMs === undefined) return new Uint8Array(await request.arrayBuffer());
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const read = async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      size += r.value.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(r.value);
    }
  };
  try {
    await (deadlineMs ? bounded(read(), deadlineMs(declared ?? limit), tooSlow) : read());
  } catch (e) {
    void reader.cancel().catch(() => {});
    throw e;
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return all;
}

const tooSlow = () => new HttpError(400, "upload_too_slow", "The file did not arrive in time; check the connection and try again.", "file");

/** requestLineLength is the length of the request line: method, path and query, and the protocol. */
export function requestLineLength(request: Request): number {
  const url = request.url;
  const at = url.indexOf("/", url.indexOf("//") + 2);
  return request.method.length + 1 + (at === -1 ? 1 : url.length - at) + 9;
}

/** headerBytes is the size of the header block as sent (names, values, separators). */
export function headerBytes(request: Request): number {
  let n = 0;
  // note: a for-of loop, not forEach: Bun calls a forEach callback across the native boundary per header (3× slower).
  for (const [name, value] of request.headers) n += name.length + value.length + 4;
  return n;
}

/** parseBody reads a body as bounded JSON with the cap of its route family. */
export function parseBody(request: Request, contentType: string | undefined): unknown {
  // note: an empty body has no type to refuse; Bun hands the app none, Deno an empty stream, so both end here.
  if (request.headers.get("content-length") === "0") return {};
  // note: not an async function, so the common JSON body costs one promise (the read), not three.
  const type = contentType === "application/json" ? contentType : (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const url = request.url;
  const widget = pathStartsWith(url, "/api/widget/");
  if (type === "multipart/form-data" && UPLOAD_PATHS.some((path) => path.test(new URL(url).pathname))) return null;
  // note: elsewhere a body of another type is left unread and stands as null, so the caller's
  // credentials and CSRF checks answer first (a cross-site form post is refused as such) and a
  // signed-in caller meets the route's validation.
  if (!widget && type !== "application/json" && type !== "") return null;
  if (type === "text/plain") {
    if (!BEACON_PATHS.includes(new URL(url).pathname)) throw unsupported();
  } else if (type !== "application/json" && type !== "") throw unsupported();
  return readLimited(request, widget ? WIDGET_BODY_LIMIT : API_BODY_LIMIT).then((text) => parsed(text, widget));
}

function parsed(text: string, widget: boolean): unknown {
  if (text.trim() === "") return {};
  const value = parseBoundedJson(text);
  if (widget && (value === null || typeof value !== "object" || Array.isArray(value))) {
    throw new HttpError(400, "invalid_json", "The request body must be a JSON object.");
  }
  return value;
}

// note: onRequest hooks are always global: they run for every route of the app, before routing.
/** bounds is the global plugin that holds every request to the sizes above, on every route. */
export const bounds = () =>
  new Elysia({ name: "bounds" })
    .onRequest(({ request }) => {
      if (requestLineLength(request) > MAX_REQUEST_LINE) return errorResponse(414, "uri_too_long", "The request line is longer than 16 KiB.", undefined, corsHeaders(request));
      if (headerBytes(request) > MAX_HEADER_BYTES) return errorResponse(431, "headers_too_large", "The request headers are larger than 32 KiB.", undefined, corsHeaders(request));
    })
    .onParse({ as: "global" }, ({ request, contentType }) => parseBody(request, contentType));
