// Listening with Deno.serve: the client address from the connection, a body cap written for it, no shared port.
import type { Config } from "../../config";
import { serverOrigin } from "../../lib/origin";
import { bindFailure, clientAddressOf, type Listener, type Served } from "../platform";

/** MAX_BODY_BYTES is the runtime backstop on a body, as on Bun; the app answers bodies over its caps
 *  (64 KiB widget, 1 MiB other routes) with a JSON 413 well before this. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

const tooLarge = () =>
  Response.json({ error: { code: "body_too_large", message: "The request body is too large." } }, { status: 413 });

/** capped answers 413 for a body over the cap: a declared length at once, an undeclared (chunked) one once read past it. */
async function capped(request: Request): Promise<Request | Response> {
  const length = request.headers.get("content-length");
  if (length !== null) return Number(length) > MAX_BODY_BYTES ? tooLarge() : request;
  if (!request.body) return request;
  const chunks: Uint8Array[] = [];
  let seen = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    seen += read.value.byteLength;
    if (seen > MAX_BODY_BYTES) return reader.cancel(), tooLarge();
    chunks.push(read.value);
  }
  return new Request(request, { body: new Blob(chunks as BlobPart[]) });
}

/** addressed gives a request whose URL does not parse (a Host that is no address: a space, a port out of range) the
 *  server's own origin and keeps its path, as Bun does; the router would otherwise misread a short one's path. */
function addressed(request: Request, config: Config): Request {
  if (URL.canParse(request.url)) return request;
  const at = request.url.indexOf("/", request.url.indexOf("//") + 2);
  return new Request(new URL(at === -1 ? "/" : request.url.slice(at), serverOrigin(config)), request);
}

/** listener serves on the configured host and port; the address of each request is read from its connection.
 *  note: Deno.serve has no idle timeout: a live SSE stream stays open until the client leaves (the heartbeat
 *  finds a dead one), and a waiting long poll ends by its own timer. */
export function listener(config: Config): Listener {
  const addresses = new WeakMap<Request, string>();
  return {
    clientAddress: clientAddressOf(config, (request) => addresses.get(request)),
    listen(app: Served) {
      let server: Deno.HttpServer<Deno.NetAddr>;
      try {
        server = Deno.serve({ port: config.port, hostname: config.host, reusePort: false, onListen: () => {} }, async (request, info) => {
          const req = await capped(addressed(request, config));
          if (req instanceof Response) return req;
          addresses.set(req, info.remoteAddr.hostname);
          return app.fetch(req);
        });
      } catch (error) {
        const code = error instanceof Deno.errors.AddrInUse ? "EADDRINUSE" : (error as { code?: string }).code;
        throw new Error(bindFailure(config, code));
      }
      return { url: `http://${config.host}:${server.addr.port}`, port: server.addr.port, stop: () => server.shutdown() };
    },
  };
}
