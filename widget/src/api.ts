// Widget HTTP: routes derived from data-api, the key and visitor token in headers, retries with backoff.
// note: module-level functions rather than an object, so the minifier can shorten every name.
import type { ApiError } from "./types";

let dataApi = "";
let key = "";
/** token is the visitor token; it lives in localStorage per key so a reload continues the visitor. */
export let token: string | null = null;

/** configure binds the routes to the snippet's data-api URL and public key, and reads the stored token. */
export function configure(api: string, publicKey: string) {
  dataApi = api;
  key = publicKey;
  try {
    token = localStorage.getItem("woes:" + key);
  } catch {
    // note: storage can be blocked (sandboxed frames, strict privacy modes); the widget then lives per page.
  }
}

/** held lets go of the Web Lock named after this page's token (see saveToken). */
let held: (() => void) | undefined;

/** saveToken keeps the visitor token for this key, so a reload or another page continues the conversation;
 *  null forgets it (shutdown), so the next session starts a new visitor. With Web Locks, the page also holds
 *  a (shared) lock named after its token (tokens start with vt_) while it lives, granted before this resolves (see adopt). */
export async function saveToken(next: string | null) {
  token = next;
  try {
    next ? localStorage.setItem("woes:" + key, next) : localStorage.removeItem("woes:" + key);
  } catch {
    // note: see configure; without storage the token lives as long as the page.
  }
  held?.();
  // note: a lock refused (an opaque origin) leaves the page without one, not waiting for it.
  if (next && navigator.locks) await new Promise<void>((granted) => navigator.locks.request(next, { mode: "shared" }, () => new Promise<void>((r) => (granted(), (held = r)))).catch(granted));
}

/** adopt reads the stored token again, under the key's lock: a tab that waited there takes the token the tab
 *  before it stored. When storage still shows this tab's own (dead, or no) token, that write may not have
 *  reached this tab yet, while lock grants are ordered across tabs: so the token is read from the name of a
 *  lock another tab holds (see saveToken). */
export async function adopt() {
  const mine = token;
  configure(dataApi, key);
  if (token == mine) for (const { name } of (await navigator.locks.query()).held!) if (name!.startsWith("vt_") && name != mine) token = name!;
}

/** sleep waits ms milliseconds; retries and reconnects share it. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** backoff is the wait before retry n: doubling from 500 ms up to 30 s, jittered so tabs spread out. */
export const backoff = (n: number) => Math.min(3e4, 500 * 2 ** n) * (0.5 + Math.random() / 2);

/** url resolves a route against data-api, replacing its last segment as CONTRACT §3 asks. */
export const url = (path: string) => new URL(path, dataApi).href;

/** headers name the key and, once there is one, the visitor; with json, the body's type too. */
export function headers(json?: unknown): Record<string, string> {
  const h: Record<string, string> = { "x-woes-key": key };
  if (token) h.authorization = "Bearer " + token;
  if (json) h["content-type"] = "application/json";
  return h;
}

/** call sends JSON (POST when body is given) and retries network errors, 5xx and 429 with backoff. */
export async function call<T>(path: string, body?: unknown, tries = 6): Promise<T> {
  for (let n = 0; ; await sleep(backoff(n))) {
    let res: Response | undefined;
    try {
      res = await fetch(url(path), { method: body ? "POST" : "GET", headers: headers(body), body: body ? JSON.stringify(body) : null });
      if (res.ok) return await res.json();
    } catch {
      // note: a network failure leaves res unset and is retried like a 5xx.
    }
    const status = res ? res.status : 0;
    if ((status && status < 500 && status != 429) || ++n >= tries) throw { status, code: "network_error", ...(res && (await res.json().catch(() => 0))?.error) } as ApiError;
  }
}

/** post sends a fire-and-forget report (events, presence) with one retry. */
export const post = (path: string, body: object) => call(path, body, 2).catch(() => {});

/** beacon posts while the page goes away: a text/plain body that names key and token (no headers possible). */
export function beacon(path: string, body: object) {
  try {
    navigator.sendBeacon(url(path), new Blob([JSON.stringify({ ...body, key, token })], { type: "text/plain" }));
  } catch {
    // note: losing a last report is better than breaking the host page's unload.
  }
}
