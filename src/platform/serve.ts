// Listening with Bun.serve: the only place that knows the runtime's server and client addresses.
import type { Config } from "../config";

/** Server is what main needs of a running server. */
export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** IDLE_TIMEOUT_S is Bun's idle timeout; SSE heartbeats and long polls stay well under it. */
export const IDLE_TIMEOUT_S = 120;

/** MAX_BODY_BYTES caps any request body (widget routes have their own, smaller, 64 KiB limit). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** addressOf returns a function telling a request's client address (X-Forwarded-For when trusted). */
export function addressOf(config: Config, get: () => { requestIP(r: Request): { address: string } | null } | undefined) {
  return (request: Request) => {
    if (config.trustProxy) {
      const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
      if (forwarded) return forwarded;
    }
    return get()?.requestIP(request)?.address ?? "unknown";
  };
}

/** Listener is what listen needs of the app: Elysia's own listen, which hands its static
 *  routes to Bun's native router. */
export interface Listener {
  listen(options: { port: number; hostname: string; idleTimeout: number; maxRequestBodySize: number; reusePort: boolean }): unknown;
  server: { requestIP(r: Request): { address: string } | null; stop(force?: boolean): Promise<void> | void } | null;
}

/** listen serves the app on the configured host and port and returns the running server; a port
 *  in use or an address it cannot bind throws an Error naming them. */
export function listen(config: Config, app: Listener) {
  try {
    // note: Elysia turns reusePort on, which lets a second server silently share the port and split its requests.
    app.listen({ port: config.port, hostname: config.host, idleTimeout: IDLE_TIMEOUT_S, maxRequestBodySize: MAX_BODY_BYTES, reusePort: false });
  } catch (error) {
    throw new Error(bindFailure(config, (error as { code?: string }).code));
  }
  return app.server!;
}

function bindFailure(config: Config, code: string | undefined): string {
  const where = `${config.host}:${config.port}`;
  if (code === "EADDRINUSE") return `port ${config.port} is already in use on ${config.host} (another woes or another program listens there); stop it or choose another --port`;
  if (code === "EACCES") return `not allowed to listen on port ${config.port} (ports below 1024 need privileges); choose another --port`;
  if (code === "EADDRNOTAVAIL") return `cannot listen on ${where}: ${config.host} is not an address of this machine (--host)`;
  return `cannot listen on ${where} (${code ?? "unknown error"}): check --host and --port`;
}
