// errors turns every failure into the contract's error JSON; nothing else reaches a client.
import { Elysia } from "elysia";
import { fieldErrors, type FieldError } from "../lib/field-errors";
import { HttpError, InvalidFields } from "../lib/http-error";
import { corsHeaders } from "./widget";

/** errorBody is the contract's error shape; `fields` lists every invalid field when there are several. */
export function errorBody(code: string, message: string, field?: string, fields?: FieldError[]) {
  const error = field ? { code, message, field } : { code, message };
  return { error: fields && fields.length > 1 ? { ...error, fields } : error };
}

/** errorResponse builds the JSON response of an error, with any extra headers. */
export function errorResponse(status: number, code: string, message: string, field?: string, headers: Record<string, string> = {}, fields?: FieldError[]) {
  return new Response(JSON.stringify(errorBody(code, message, field, fields)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers },
  });
}

// note: Elysia's ValidationError keeps only the first issue; the schema is asked again for all of
// them. Elysia's own message pretty-prints the whole body (its `found`), which cost time quadratic
// in nesting depth; the bounds plugin keeps every body to 32 levels and 10 000 values before
// validation, and that message never reaches a client.
function allIssues(error: any): any[] {
  const validator = error?.validator;
  try {
    const standard = validator?.["~standard"] ?? validator?.schema?.["~standard"];
    const result = standard?.validate(error.value);
    if (result && !(result instanceof Promise) && result.issues?.length) return result.issues;
  } catch {
    // note: a schema that throws on re-validation still has its first issue.
  }
  return [error?.valueError];
}

// note: the path of a validation issue names the field; its message may quote the input,
// so each sentence is rebuilt from the expectation alone (src/lib/field-errors.ts).
function validationError(error: any): Response {
  const where = typeof error?.type === "string" ? error.type : "body";
  const fields = fieldErrors(allIssues(error), where);
  const first = fields[0] ?? { field: "", message: `The request ${where} is invalid.` };
  return errorResponse(422, "invalid_field", fields.map((f) => f.message).join(" ") || first.message, first.field || undefined, {}, fields);
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
      return errorResponse(error.status, error.code, error.message, error.field, { ...cors, ...error.headers }, error instanceof InvalidFields ? error.fields : undefined);
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
    // note: Postgres stores no NUL character (a JSON body loses it as it is read; a path, query or form may still carry
    // one): its refusal (22021) is the caller's text, not a server fault.
    if ((error as any)?.cause?.code === "22021") return errorResponse(400, "invalid_text", "Text may not contain the NUL character.", undefined, extra);
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
  // note: a failed query's own error (the database's words) travels as its cause.
  const cause = (error as Error)?.cause;
  log(`woes: unexpected error: ${(error as Error)?.stack ?? String(error)}${cause ? `\ncaused by: ${(cause as Error)?.message ?? String(cause)}` : ""}`);
  return errorResponse(500, "internal_error", "Something went wrong on the server.", undefined, headers);
}

function withHeaders(res: Response, headers: Record<string, string>) {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}
