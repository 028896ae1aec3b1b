// HttpError is the one way the core reports a failure the caller should see.
import type { FieldError } from "./field-errors";

/** The statuses the contract allows for errors (CONTRACT §4). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** HttpError carries a contract error: status, snake_case code, a sentence, maybe a field. */
export class HttpError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** InvalidFields is a 422 that lists every invalid field; the first is also its `field`. */
export class InvalidFields extends HttpError {
  constructor(
    readonly fields: FieldError[],
    code = "invalid_field",
  ) {
    super(422, code, fields.map((f) => f.message).join(" "), fields[0]?.field || undefined);
  }
}

/** Shorthands for the errors every family raises. */
export const notFound = (what: string) => new HttpError(404, "not_found", `${what} was not found.`);
export const invalid = (field: string, message: string) => new HttpError(422, "invalid_field", message, field);
/** invalidCursor answers a paging cursor (in field) that whose (this server, this conversation) did not give out. */
export const invalidCursor = (field: "after" | "before", whose: string) => new HttpError(422, "invalid_cursor", `The cursor is not one ${whose} gave out.`, field);

/** noContent is a 204 without a body.
 *  note: under its web-standard adapter (Deno), Elysia's status() builds a 204 with a body, which Deno refuses. */
export const noContent = () => new Response(null, { status: 204 });
