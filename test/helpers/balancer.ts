// A load balancer for tests: a TCP proxy that sends each new connection to the next server in turn, with no
// stickiness, as the simplest balancer in front of N instances would; it may also open each connection late.
import { connect, createServer, type Socket } from "node:net";

/** Balancer is a listening round-robin proxy; `to` names the ports it spreads connections over. */
export interface Balancer {
  url: string;
  port: number;
  to(ports: number[]): void;
  close(): void;
}

/** roundRobin starts a balancer on a free port of 127.0.0.1; with delayMs, each connection reaches its server only
 *  that long after it was accepted (a server slow to answer, a loaded machine). */
export async function roundRobin(opts: { delayMs?: number } = {}): Promise<Balancer> {
  let ports: number[] = [];
  let next = 0;
  const server = createServer((client) => {
    const port = ports[next++ % ports.length];
    if (port === undefined) return void client.destroy();
    let upstream: Socket | undefined;
    client.pause();
    client.on("error", () => (upstream ?? client).destroy());
    setTimeout(() => {
      upstream = connect(port, "127.0.0.1");
      upstream.on("error", () => client.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    }, opts.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    to: (list) => void (ports = list),
    close: () => server.close(),
  };
}
