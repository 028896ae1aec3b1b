// Static answers carried inside the executable: an ETag from the body, and 304 when it matches.
import { sha256Hex } from "./crypto";

/** etagged answers body with headers and an ETag of its SHA-256, or 304 to a matching If-None-Match. */
export function etagged(body: string, headers: Record<string, string>) {
  const tag = sha256Hex(body).then((h) => `"${h.slice(0, 32)}"`);
  return async (request: Request) => {
    const all = { ...headers, etag: await tag, "x-content-type-options": "nosniff" };
    if (request.headers.get("if-none-match") === all.etag) return new Response(null, { status: 304, headers: all });
    return new Response(body, { headers: all });
  };
}
