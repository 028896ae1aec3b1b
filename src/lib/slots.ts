// Statements prepared once over a list of values: an IN list of a fixed number of placeholders (slots), filled per call.
import { sql } from "drizzle-orm";

/** SLOTS is how many values one prepared IN list takes; a longer list is read in chunks of it. */
export const SLOTS = 100;

/** slots are the placeholders name0 … name(SLOTS-1), for an IN list. */
export const slots = (name: string) => Array.from({ length: SLOTS }, (_, i) => sql.placeholder(`${name}${i}`));

/** filled names each slot's value for one chunk: the values in order, then `none` (a value no row holds). */
export function filled(name: string, values: readonly unknown[], none: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < SLOTS; i++) out[`${name}${i}`] = i < values.length ? values[i] : none;
  return out;
}

/** inChunks runs read over values in chunks of SLOTS (one call for a list that fits) and joins the rows. */
export async function inChunks<T>(values: readonly unknown[], read: (chunk: readonly unknown[]) => Promise<T[]>): Promise<T[]> {
  if (values.length <= SLOTS) return read(values);
  const out: T[] = [];
  for (let i = 0; i < values.length; i += SLOTS) out.push(...(await read(values.slice(i, i + SLOTS))));
  return out;
}
