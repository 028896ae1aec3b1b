// Static answers carried inside the executable: brotli or gzip made at build time, chosen by the request's
// Accept-Encoding, an ETag per encoding, and 304 when it matches.
import { sha256Hex } from "./crypto";

/** Asset is a static text with the compressed forms the build made of it (absent ones are not offered). */
export interface Asset {
  text: string;
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

/** assetText is the plain text of an asset given as text or with its compressed forms. */
export const assetText = (asset: string | Asset) => (typeof asset === "string" ? asset : asset.text);

/** accepts tells whether an Accept-Encoding header allows an encoding (a q of 0 refuses it; `*` stands for the rest). */
export function accepts(header: string, encoding: string): boolean {
  let star = false;
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((x) => x.trim());
    const q = params.find((p) => p.startsWith("q="));
    const allowed = !q || Number(q.slice(2)) > 0;
    if (name === encoding) return allowed;
    if (name === "*") star = allowed;
  }
  return star;
}

/** etagged answers an asset with headers, the smallest encoding the request accepts, and an ETag per
 *  encoding, or 304 to a matching If-None-Match. */
export function etagged(asset: string | Asset, headers: Record<string, string>) {
  const forms = typeof asset === "string" ? { text: asset } : asset;
  const body = { br: forms.br, gzip: forms.gzip, identity: new TextEncoder().encode(forms.text) };
  const tag = sha256Hex(forms.text).then((h) => h.slice(0, 32));
  return async (request: Request) => {
    const accept = request.headers.get("accept-encoding") ?? "";
    const encoding = (["br", "gzip"] as const).find((e) => body[e] && accepts(accept, e)) ?? "identity";
    const bytes = body[encoding]!;
    // note: each encoding has its own ETag, so a cache never answers a 304 for bytes in another encoding.
    const etag = `"${await tag}${encoding === "identity" ? "" : "-" + encoding}"`;
    const all: Record<string, string> = { ...headers, etag, vary: "Accept-Encoding", "x-content-type-options": "nosniff" };
    if (encoding !== "identity") all["content-encoding"] = encoding;
    const match = request.headers.get("if-none-match");
    // note: a proxy may weaken the tag (W/) or send several; either still names these bytes.
    if (match?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers: all });
    return new Response(bytes, { headers: { ...all, "content-length": String(bytes.length) } });
  };
}
