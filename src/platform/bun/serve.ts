// Listening with Bun.serve: the only place that knows the runtime's server and client addresses.
import http from "node:http";
import type { Config } from "../../config";
import { forwardedClient } from "../../lib/address";

/** Server is what main needs of a running server. */
export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** IDLE_TIMEOUT_S is Bun's idle timeout; SSE heartbeats and long polls stay well under it. */
export const IDLE_TIMEOUT_S = 120;

/** MAX_BODY_BYTES is the runtime's own backstop on a body; the app answers bodies over its caps
 *  (64 KiB widget, 1 MiB other routes) with a JSON 413 well before this. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** MAX_HEAD_BYTES is the runtime's own backstop on request line plus headers; the app answers
 *  a request line over 16 KiB (414) or headers over 32 KiB (431) with JSON well before this. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** addressOf returns a function telling a request's client address (X-Forwarded-For when trusted). */
export function addressOf(config: Config, get: () => { requestIP(r: Request): { address: string } | null } | undefined) {
  return (request: Request) => {
    if (config.trustProxy) {
      const forwarded = forwardedClient(request.headers.get("x-forwarded-for"), config.trustProxyHops);
      if (forwarded) return forwarded;
    }
    return get()?.requestIP(request)?.address ?? "unknown";
  };
}

/** Listener is what listen needs of the app: Elysia's own listen, which hands its static
 *  routes to Bun's native router. */
export interface Listener {
  listen(options: { port: number; hostname: string; idleTimeout: number; maxRequestBodySize: number }): unknown;
  server: { requestIP(r: Request): { address: string } | null; stop(force?: boolean): Promise<void> | void } | null;
}

/** listen serves the app on the configured host and port and returns the running server. */
export function listen(config: Config, app: Listener) {
  // note: Bun's own limit (16 KiB for line and headers together) answers an empty 431; raised so
  // the app's bounds, which answer the contract's JSON, are the ones a client meets.
  (http as { maxHeaderSize: number }).maxHeaderSize = MAX_HEAD_BYTES;
  app.listen({ port: config.port, hostname: config.host, idleTimeout: IDLE_TIMEOUT_S, maxRequestBodySize: MAX_BODY_BYTES });
  return app.server!;
}
