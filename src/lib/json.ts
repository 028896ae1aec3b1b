// Bounded JSON: a request body is measured (depth and values) in one linear pass before it is parsed.
import { HttpError } from "./http-error";

/** JSON_MAX_DEPTH is the deepest nesting a body may have; a top-level object is depth 1 (CONTRACT §4b). */
export const JSON_MAX_DEPTH = 32;

/** JSON_MAX_VALUES is how many values (objects, arrays, strings, numbers, booleans, nulls; keys excluded) a body may hold. */
export const JSON_MAX_VALUES = 10_000;

const OPEN_OBJECT = 123; // {
const OPEN_ARRAY = 91; // [
const CLOSE_OBJECT = 125; // }
const CLOSE_ARRAY = 93; // ]
const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COMMA = 44; // ,

// note: a scalar starts with one of these: - 0-9 t f n; it goes on over letters, digits, `.`, `+` and `-`.
const startsScalar = (c: number) => c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;
const inScalar = (c: number) => c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** measureJson returns the depth and value count of JSON text; malformed text is left for JSON.parse to refuse. */
export function measureJson(text: string, limits = { depth: JSON_MAX_DEPTH, values: JSON_MAX_VALUES }): { depth: number; values: number } {
  // note: `inObject[d]` tells whether the container at depth d is an object, so a string after
  // its `{` or `,` is a key (not a value).
  const inObject: boolean[] = [];
  let depth = 0;
  let maxDepth = 0;
  let values = 0;
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j++;
        else if (d === QUOTE) break;
      }
      if (!expectKey) values++;
      expectKey = false;
      i = j;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      values++;
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      if (depth > limits.depth) break;
      inObject[depth] = c === OPEN_OBJECT;
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = inObject[depth] === true;
    } else if (startsScalar(c)) {
      values++;
      while (i + 1 < n && inScalar(text.charCodeAt(i + 1))) i++;
    }
    if (values > limits.values) break;
  }
  return { depth: maxDepth, values };
}

/** parseBoundedJson parses a request body, refusing (400) one too deep or with too many values before parsing it. */
export function parseBoundedJson(text: string): unknown {
  const { depth, values } = measureJson(text);
  if (depth > JSON_MAX_DEPTH) throw new HttpError(400, "json_too_deep", `The JSON body is nested deeper than ${JSON_MAX_DEPTH} levels.`);
  if (values > JSON_MAX_VALUES) throw new HttpError(400, "json_too_many_values", `The JSON body holds more than ${JSON_MAX_VALUES} values.`);
  try {
    return JSON.parse(text.includes("\\u0000") ? withoutNul(text) : text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

// note: an escape \u0000 is one preceded by an even number of backslashes (an odd one escapes the backslash itself).
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/** withoutNul drops the NUL character (written \u0000; JSON has no other way to carry it) from every string of JSON
 *  text: no text people write holds one, and Postgres stores none (in text or in jsonb). */
export function withoutNul(text: string): string {
  return text.replace(NUL_ESCAPE, "$1");
}
