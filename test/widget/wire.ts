// Reads answers exactly as they cross the network: node:http never decompresses, so the bytes are the wire's.
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

/** Wire is one answer as sent: status, headers and the body's bytes. */
export interface Wire {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

/** wire fetches base + path with the given request headers and keeps the body's bytes as sent. */
export function wire(base: string, path: string, headers: Record<string, string> = {}): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** decode undoes the answer's Content-Encoding. */
export function decode(w: Wire): string {
  const encoding = w.headers["content-encoding"];
  return (encoding === "br" ? brotliDecompressSync(w.bytes) : encoding === "gzip" ? gunzipSync(w.bytes) : w.bytes).toString();
}
