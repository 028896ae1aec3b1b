// The console's HTTP client: same-origin fetches with the session's CSRF token, errors as ApiError.

/** FieldError is one invalid field of a failed call and what it must be. */
export type FieldError = { field: string; message: string };

/** ApiError is a failed call with the contract's error code, message and field(s). */
export class ApiError extends Error {
  /** fields lists every invalid field the server named (one when it named only `field`). */
  readonly fields: FieldError[];
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    fields?: FieldError[],
  ) {
    super(message);
    this.fields = fields?.length ? fields : field ? [{ field, message }] : [];
  }
}

let csrfToken = "";
let onSignedOut: () => void = () => {};

/** setCsrf remembers the session's CSRF token for every state change. */
export const setCsrf = (token: string) => void (csrfToken = token);
/** whenSignedOut sets what happens when a call answers 401. */
export const whenSignedOut = (fn: () => void) => void (onSignedOut = fn);

/** api calls the server and returns the parsed answer (undefined for 204). */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  // note: a FormData body (a file upload) sets its own multipart content type and boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined || form ? (body as FormData | undefined) : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check your connection.");
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    // note: an ended session (not a wrong password) signs out; the boot's own /me call decides for itself.
    if (res.status === 401 && e.code === "unauthorized" && path !== "/api/console/me") onSignedOut();
    throw new ApiError(res.status, e.code ?? "error", e.message ?? `The server answered ${res.status}.`, e.field, Array.isArray(e.fields) ? e.fields : undefined);
  }
  return data as T;
}

/** get, post, patch and del are the four verbs. */
export const get = <T = any>(path: string) => api<T>("GET", path);
export const post = <T = any>(path: string, body?: unknown) => api<T>("POST", path, body);
export const patch = <T = any>(path: string, body?: unknown) => api<T>("PATCH", path, body);
export const del = <T = any>(path: string) => api<T>("DELETE", path);

/** qs builds a query string from the defined values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const text = u.toString();
  return text ? `?${text}` : "";
}
