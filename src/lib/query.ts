// Queries: a route's query string read and held to its schema, each distinct query once.
import * as v from "valibot";
import { remember } from "./cache";
import { fieldErrors } from "./field-errors";
import { InvalidFields } from "./http-error";
import { decodedOrAsIs } from "./url";

/** MAX_REMEMBERED is how many distinct valid queries a route keeps validated. */
const MAX_REMEMBERED = 2_000;

/** MAX_REMEMBERED_LENGTH is the longest query text kept (a widget's history query is about 120 characters). */
const MAX_REMEMBERED_LENGTH = 256;

/** queryOf reads a query string (after the "?") into its names and decoded values; a name given twice has both, so a
 *  schema that asks for one value refuses it. */
export function queryOf(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const pair of search.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = decoded(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decoded(pair.slice(eq + 1));
    const held = out[name];
    out[name] = held === undefined ? value : [held, value].flat();
  }
  return out;
}

// note: a malformed escape ("%zz") is kept as it came, for the schema to judge.
const decoded = (part: string) => (part.includes("%") || part.includes("+") ? decodedOrAsIs(part.replaceAll("+", " ")) : part);

/** queryParser returns a reader of a URL's query held to schema (an invalid one throws the contract's 422). A valid query
 *  is remembered by its text, so the polls and reloads that send the same one again are answered without validating it
 *  again: the hottest widget read spent about a tenth of its server time there (README, "What made them faster"). */
export function queryParser<S extends v.GenericSchema>(schema: S): (url: string) => Readonly<v.InferOutput<S>> {
  const valid = new Map<string, Readonly<v.InferOutput<S>>>();
  return (url) => {
    const at = url.indexOf("?");
    const search = at === -1 ? "" : url.slice(at + 1);
    const known = valid.get(search);
    if (known) return known;
    const result = v.safeParse(schema, queryOf(search));
    if (!result.success) throw new InvalidFields(fieldErrors(result.issues, "query"));
    const query = Object.freeze(result.output);
    if (search.length <= MAX_REMEMBERED_LENGTH) remember(valid, search, query, MAX_REMEMBERED);
    return query;
  };
}
