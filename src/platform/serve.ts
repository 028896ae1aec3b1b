// Listening with Bun.serve: the only place that knows the runtime's server and client addresses.
import type { Config } from "../config";

/** Server is what main needs of a running server. */
export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** IDLE_TIMEOUT_S is Bun's idle timeout; SSE heartbeats and long polls stay well under it. */
export const IDLE_TIMEOUT_S = 120;

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

/** listen serves fetch on the configured host and port. */
export function listen(config: Config, fetch: (request: Request) => Response | Promise<Response>) {
  const server = Bun.serve({
    port: config.port,
    hostname: config.host,
    idleTimeout: IDLE_TIMEOUT_S,
    fetch,
  });
  return server;
}
