// What the CLI needs of a runtime: each runtime's folder (bun/, deno/) exports one Platform, and its entry hands it over.
import type { Config } from "../config";
import { forwardedClient } from "../lib/address";
import type { Passwords } from "../lib/password";
import type { Assets } from "./embedded";
import type { Store } from "../../db/store";

/** Server is what the CLI needs of a running server. */
export interface Server {
  url: string;
  /** port is the port bound: the one asked for, or the free one the system chose for --port 0. */
  port: number;
  stop(force?: boolean): Promise<void> | void;
}

/** Served is what a platform needs of the app: Elysia's fetch (and, on Bun, its own listen). */
export interface Served {
  fetch(request: Request): Response | Promise<Response>;
}

/** Listener binds one port: it tells a request's client address, and serves the app once the app exists. */
export interface Listener {
  clientAddress(request: Request): string;
  listen(app: Served): Server;
}

/** Platform is one runtime's store, passwords, embedded assets and server. */
export interface Platform {
  name: "bun" | "deno";
  openStore(path: string, opts?: { migrate?: boolean; mustExist?: boolean }): Store;
  migrateDatabaseAt(path: string): string[];
  passwords: Passwords;
  assets: Assets;
  listener(config: Config): Listener;
}

/** clientAddressOf takes the client address from X-Forwarded-For when the proxy is trusted, else from the connection. */
export function clientAddressOf(config: Config, socketAddress: (request: Request) => string | undefined) {
  return (request: Request) => {
    if (config.trustProxy) {
      const forwarded = forwardedClient(request.headers.get("x-forwarded-for"), config.trustProxyHops);
      if (forwarded) return forwarded;
    }
    return socketAddress(request) ?? "unknown";
  };
}

/** bindFailure explains, naming the host and port, why a server could not listen (by the error's code). */
export function bindFailure(config: Config, code: string | undefined): string {
  const where = `${config.host}:${config.port}`;
  if (code === "EADDRINUSE") return `port ${config.port} is already in use on ${config.host} (another woes or another program listens there); stop it or choose another --port`;
  if (code === "EACCES") return `not allowed to listen on port ${config.port} (ports below 1024 need privileges); choose another --port`;
  if (code === "EADDRNOTAVAIL") return `cannot listen on ${where}: ${config.host} is not an address of this machine (--host)`;
  return `cannot listen on ${where} (${code ?? "unknown error"}): check --host and --port`;
}
