// The little of Deno's API that src/platform/deno uses, for `bun run typecheck` (tsc, which has no Deno types).
// note: Deno itself never reads this file (nothing imports it); `deno check` uses Deno's own types.
declare namespace Deno {
  interface NetAddr {
    transport: "tcp" | "udp";
    hostname: string;
    port: number;
  }
  interface ServeHandlerInfo<Addr = NetAddr> {
    remoteAddr: Addr;
  }
  interface HttpServer<Addr = NetAddr> {
    addr: Addr;
    shutdown(): Promise<void>;
  }
  function serve(
    options: { port?: number; hostname?: string; reusePort?: boolean; onListen?: (addr: NetAddr) => void },
    handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>,
  ): HttpServer;
  namespace errors {
    class AddrInUse extends Error {}
  }
}
