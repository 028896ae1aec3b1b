// Listening with Bun.serve: the only place that knows the runtime's server and client addresses.
import http from "node:http";
import type { Config } from "../../config";
import { bindFailure, clientAddressOf, type Listener, type Served } from "../platform";

/** IDLE_TIMEOUT_S is Bun's idle timeout; SSE heartbeats and long polls stay well under it. */
export const IDLE_TIMEOUT_S = 120;

/** MAX_BODY_BYTES is the runtime's own backstop on a body; the app answers bodies over its caps
 *  (64 KiB widget, 1 MiB other routes) with a JSON 413 well before this. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** MAX_HEAD_BYTES is the runtime's own backstop on request line plus headers; the app answers
 *  a request line over 16 KiB (414) or headers over 32 KiB (431) with JSON well before this. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** ElysiaListen is what Bun needs of the app: Elysia's own listen, which hands its static
 *  routes to Bun's native router. */
interface ElysiaListen {
  listen(options: { port: number; hostname: string; idleTimeout: number; maxRequestBodySize: number; reusePort: boolean }): unknown;
  server: { port?: number; requestIP(r: Request): { address: string } | null; stop(force?: boolean): Promise<void> | void } | null;
}

/** listener serves the app on the configured host and port; the client address comes from Bun's requestIP. */
export function listener(config: Config): Listener {
  let server: ElysiaListen["server"] = null;
  return {
    clientAddress: clientAddressOf(config, (request) => server?.requestIP(request)?.address),
    listen(app: Served) {
      const elysia = app as Served & ElysiaListen;
      // note: Bun's own limit (16 KiB for line and headers together) answers an empty 431; raised so
      // the app's bounds, which answer the contract's JSON, are the ones a client meets.
      (http as { maxHeaderSize: number }).maxHeaderSize = MAX_HEAD_BYTES;
      try {
        // note: Elysia turns reusePort on, which lets a second server silently share the port and split its requests.
        elysia.listen({ port: config.port, hostname: config.host, idleTimeout: IDLE_TIMEOUT_S, maxRequestBodySize: MAX_BODY_BYTES, reusePort: false });
      } catch (error) {
        throw new Error(bindFailure(config, (error as { code?: string }).code));
      }
      server = elysia.server!;
      const port = server.port ?? config.port;
      return { url: `http://${config.host}:${port}`, port, stop: (force) => server!.stop(force) };
    },
  };
}
