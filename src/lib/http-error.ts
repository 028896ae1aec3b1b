// HttpError is the one way the core reports a failure the caller should see.

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

/** Shorthands for the errors every family raises. */
export const notFound = (what: string) => new HttpError(404, "not_found", `${what} was not found.`);
export const invalid = (field: string, message: string) => new HttpError(422, "invalid_field", message, field);

/** noContent is a 204 without a body.
 *  note: Elysia's status(204, null) under its web-standard adapter (Deno) builds a 204 with a body, which Deno refuses. */
export const noContent = () => new Response(null, { status: 204 });
