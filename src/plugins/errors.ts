// errors turns every failure into the contract's error JSON; nothing else reaches a client.
import { Elysia } from "elysia";
import { HttpError } from "../lib/http-error";
import { corsHeaders } from "./widget";

/** errorBody is the contract's error shape. */
export function errorBody(code: string, message: string, field?: string) {
  return { error: field ? { code, message, field } : { code, message } };
}

/** errorResponse builds the JSON response of an error, with any extra headers. */
export function errorResponse(status: number, code: string, message: string, field?: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(errorBody(code, message, field)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers },
  });
}

// note: a record's keys are the caller's input, so a segment that is a key present in the
// input with an issue of its own (a missing field is absent), or not a short plain name, is "*".
function pathSegment(p: any): string {
  const key = String(p?.key);
  const badInputKey = p?.origin === "key" && p?.input !== null && typeof p?.input === "object" && Object.hasOwn(p.input, key);
  return !badInputKey && /^[A-Za-z0-9_]{1,40}$/.test(key) ? key : "*";
}

// note: the path of a validation issue names the field; its message may quote the input,
// so the sentence is rebuilt from the expectation alone. Elysia's own ValidationError message
// pretty-prints the whole body (its `found`), which cost time quadratic in nesting depth; the
// bounds plugin keeps every body to 32 levels and 10 000 values before validation, and that
// message never reaches a client.
function validationError(error: any): Response {
  const issue = error?.valueError;
  const path: string = Array.isArray(issue?.path)
    ? issue.path.map(pathSegment).join(".")
    : typeof issue?.path === "string"
      ? issue.path.replace(/^\//, "").replace(/\//g, ".")
      : "";
  const where = path || error?.type || "body";
  // note: valibot's default messages quote the received value; ours (set in the schemas) do not.
  const own = typeof issue?.message === "string" && !/received/i.test(issue.message) ? issue.message.slice(0, 120) : null;
  const expected = own ?? `expected ${typeof issue?.expected === "string" ? issue.expected.slice(0, 80) : "a valid value"}`;
  const message = path ? `Field ${path} is invalid: ${expected}.` : `The ${where} is invalid: ${expected}.`;
  return errorResponse(422, "invalid_field", message, path || undefined);
}

/** errors is the global error plugin: HttpError, validation, parse and unknown failures. */
export const errors = (log: (message: string) => void = console.error) =>
  new Elysia({ name: "errors" }).onError({ as: "global" }, ({ code, error: thrown, request }) => {
    const extra = corsHeaders(request);
    // note: Elysia wraps whatever a parse hook throws in a ParseError; the body parser's own
    // 413 and 415 travel as its cause.
    const error = code === "PARSE" && (thrown as any)?.cause instanceof HttpError ? ((thrown as any).cause as HttpError) : thrown;
    if (error instanceof HttpError) {
      // note: CORS answers echo only an allowed origin (CONTRACT §2), so a refused one gets no echo.
      const cors = error.code === "origin_not_allowed" ? {} : extra;
      return errorResponse(error.status, error.code, error.message, error.field, { ...cors, ...error.headers });
    }
    switch (code) {
      case "VALIDATION":
        // note: an answer that fails its own schema is a server bug, never the caller's fault.
        if ((error as any)?.type === "response") return serverFault(log, error, extra);
        return withHeaders(validationError(error), extra);
      case "PARSE":
        return errorResponse(400, "invalid_json", "The request body is not valid JSON.", undefined, extra);
      case "NOT_FOUND":
        return errorResponse(404, "not_found", "No such route.", undefined, extra);
      case "INVALID_COOKIE_SIGNATURE":
        return errorResponse(401, "unauthorized", "The session cookie is not valid.", undefined, extra);
    }
    const status = (error as any)?.status;
    if (status === 413) return errorResponse(413, "body_too_large", "The request body is too large.", undefined, extra);
    if (status === 415) return errorResponse(415, "unsupported_media_type", "Send the body as application/json.", undefined, extra);
    if (typeof status === "number" && status >= 400 && status < 500) {
      return errorResponse(400, "bad_request", "The request could not be understood.", undefined, extra);
    }
    return serverFault(log, error, extra);
  });

// note: a failure that is not the caller's fault is logged and answered as a plain 500 without
// details; bad input never gets this far (the fuzz tests hold that line).
function serverFault(log: (message: string) => void, error: unknown, headers: Record<string, string>) {
  log(`woes: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  return errorResponse(500, "internal_error", "Something went wrong on the server.", undefined, headers);
}

function withHeaders(res: Response, headers: Record<string, string>) {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}
