// A load balancer for tests: a TCP proxy that sends each new connection to the next server in turn, with no
// stickiness, as the simplest balancer in front of N instances would.
import { connect, createServer } from "node:net";

/** Balancer is a listening round-robin proxy; `to` names the ports it spreads connections over. */
export interface Balancer {
  url: string;
  port: number;
  to(ports: number[]): void;
  close(): void;
}

/** roundRobin starts a balancer on a free port of 127.0.0.1. */
export async function roundRobin(): Promise<Balancer> {
  let ports: number[] = [];
  let next = 0;
  const server = createServer((client) => {
    const port = ports[next++ % ports.length];
    if (port === undefined) return void client.destroy();
    const upstream = connect(port, "127.0.0.1");
    client.pipe(upstream).pipe(client);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
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
