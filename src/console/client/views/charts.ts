// Bar charts as inline SVG, built with DOM calls and sized to their container.
import { h, s } from "../dom";

/** Series is one coloured set of values in a grouped bar chart. */
export interface Series {
  label: string;
  color: string;
  values: number[];
}

/** niceMax is the top of a chart's axis for a largest value n.
 *  note: the axis is labelled at 0, half and the top, so the top is even: every label is a whole number (0/2/4, not 0/3/5). */
export const niceMax = (n: number) => {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(n)));
  return [2, 4, 6, 8, 10, 20].map((m) => m * p).find((m) => m >= n)!;
};

function axis(width: number, height: number, top: number, max: number, left: number) {
  return [0, 0.5, 1].map((f) => {
    const y = top + (height - top) * (1 - f);
    return s("g", { class: "grid" }, s("line", { x1: left, x2: width, y1: y, y2: y }), s("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, formatCount(max * f)));
  });
}

/** formatCount shortens large numbers: 1.2k. */
export const formatCount = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n)));

/** groupedBars draws one group of bars per label, one bar per series, with a legend. */
export function groupedBars(labels: string[], series: Series[], width: number, height = 220) {
  const left = 36;
  const top = 10;
  const bottom = 24;
  const plot = height - bottom;
  const max = niceMax(Math.max(1, ...series.flatMap((x) => x.values)));
  const slot = (width - left) / Math.max(1, labels.length);
  // note: where side-by-side bars would be thinner than 4 px (a month on a phone), the series overlap instead,
  // the tallest behind, so every bar stays wide enough to see.
  const overlap = (slot * 0.8) / series.length < 4;
  const bar = overlap ? Math.max(2, Math.min(18, slot * 0.7)) : Math.min(18, (slot * 0.8) / series.length);
  const lanes = overlap ? 1 : series.length;
  const every = Math.ceil(labels.length / Math.max(1, Math.floor((width - left) / 56)));
  const svg = s(
    "svg",
    { class: "chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": series.map((x) => x.label).join(", ") },
    axis(width, plot, top, max, left),
    labels.map((label, i) => {
      const x0 = left + i * slot + (slot - bar * lanes) / 2;
      const order = series.map((x, j) => ({ x, j, v: x.values[i] ?? 0 }));
      if (overlap) order.sort((a, b) => b.v - a.v);
      return s(
        "g",
        null,
        order.map(({ x, j, v }) => {
          const bh = ((plot - top) * v) / max;
          return s("rect", { x: x0 + (overlap ? 0 : j * bar), y: plot - bh, width: Math.max(1, bar - 1), height: bh, rx: 2, fill: x.color }, s("title", null, `${label} · ${x.label}: ${v}`));
        }),
        i % every === 0 ? s("text", { x: left + i * slot + slot / 2, y: height - 6, "text-anchor": "middle", class: "tick" }, label) : null,
      );
    }),
  );
  const legend = h("div", { class: "legend" }, series.map((x) => h("span", null, swatch(x.color), x.label)));
  return h("div", { class: "chart-wrap" }, legend, svg);
}

/** distribution draws one labelled bar per score, its count written on top. */
export function distribution(scores: string[], counts: number[], colorOf: (score: number) => string, width: number, height = 180) {
  const left = 8;
  const top = 18;
  const bottom = 22;
  const plot = height - bottom;
  const max = Math.max(1, ...counts);
  const slot = (width - left * 2) / scores.length;
  const bar = Math.min(44, slot * 0.72);
  return s(
    "svg",
    { class: "chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": scores.map((sc, i) => `${sc}: ${counts[i]}`).join(", ") },
    s("line", { class: "baseline", x1: left, x2: width - left, y1: plot, y2: plot }),
    scores.map((score, i) => {
      const v = counts[i] ?? 0;
      const bh = Math.max(v ? 2 : 0, ((plot - top) * v) / max);
      const x = left + i * slot + (slot - bar) / 2;
      return s(
        "g",
        null,
        s("rect", { x, y: plot - bh, width: bar, height: bh, rx: 3, fill: colorOf(Number(score)) }, s("title", null, `${score}: ${v}`)),
        s("text", { x: x + bar / 2, y: plot - bh - 5, "text-anchor": "middle", class: "value" }, String(v)),
        s("text", { x: x + bar / 2, y: height - 5, "text-anchor": "middle", class: "tick" }, score),
      );
    }),
  );
}

/** swatch is a legend's colour square. */
export const swatch = (color: string) => {
  const el = h("i", { class: "swatch" });
  el.style.background = color;
  return el;
};
