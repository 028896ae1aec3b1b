// Where the links the server builds point: its own address, or (for an answer only its asker reads) the request's.
import type { Config } from "../config";

type Where = Pick<Config, "publicUrl" | "host" | "port">;

/** serverOrigin is the server's own address, for every link mailed or made for someone other than the asker:
 *  --public-url, else the address it listens on (localhost when it listens on every interface). */
export function serverOrigin(config: Where): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** requestOrigin is --public-url, else the http(s) origin the request came to, else (a Host that is no address) serverOrigin.
 *  note: the Host header is the caller's to choose, so this origin may only go back to that caller, never into a mail. */
export function requestOrigin(config: Where, request: Request): string {
  if (config.publicUrl) return config.publicUrl;
  const origin = URL.canParse(request.url) ? new URL(request.url).origin : "";
  return /^https?:\/\//.test(origin) ? origin : serverOrigin(config);
}
