// Numbers in words for console pages: counts with the right plural and rates that never pass 100 %.

/** plural writes a count with its noun: "1 rating", "5 ratings". */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** pct writes a part over a whole as a whole percentage, "–" without a whole.
 *  note: conversations can start without an open (an API call, another tab), so a rate is capped at 100 %. */
export const pct = (a: number, b: number) => (b > 0 ? `${Math.min(100, Math.round((100 * a) / b))}%` : "–");
