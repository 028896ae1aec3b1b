// Small line icons and the Woes mark, drawn as SVG with DOM calls.
import { h, s } from "../dom";

const PATHS: Record<string, string[]> = {
  inbox: ["M3 13h5l2 3h4l2-3h5", "M5 5h14l2 8v6H3v-6z"],
  visitors: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21a8 8 0 0 1 16 0"],
  account: ["M12 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z", "M5 20a7 7 0 0 1 14 0", "M3 3h18v18H3z"],
  stats: ["M4 20V10", "M10 20V4", "M16 20v-7", "M22 20H2"],
  settings: ["M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M19 12l2-1-1-3-2 .3-1.5-1.5.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L5.6 8.3 3.6 8l-1 3 2 1v0l-2 1 1 3 2-.3 1.5 1.5-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.5-1.5 2 .3 1-3z"],
  team: ["M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z", "M2 20a7 7 0 0 1 14 0", "M16 4.5a3.5 3.5 0 0 1 0 6.5", "M18 14a7 7 0 0 1 4 6"],
  contacts: ["M6 3h12a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6z", "M13 11a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z", "M9 17a4 4 0 0 1 8 0", "M4 8h3", "M4 16h3"],
  menu: ["M3 6h18", "M3 12h18", "M3 18h18"],
  back: ["M15 18l-6-6 6-6"],
  check: ["M5 12l5 5 9-10"],
  copy: ["M8 8h12v12H8z", "M4 16V4h12"],
  lock: ["M6 11h12v9H6z", "M8 11V8a4 4 0 0 1 8 0v3"],
  out: ["M15 4h4v16h-4", "M10 8l-4 4 4 4", "M6 12h10"],
  clip: ["M20 11l-8 8a5 5 0 0 1-7-7l8-8a3.5 3.5 0 0 1 5 5l-8 8a2 2 0 0 1-3-3l7-7"],
  file: ["M6 3h8l4 4v14H6z", "M14 3v4h4"],
};

/** icon draws a named 24×24 line icon. */
export function icon(name: keyof typeof PATHS, size = 18) {
  return s(
    "svg",
    { viewBox: "0 0 24 24", width: size, height: size, fill: "none", stroke: "currentColor", "stroke-width": 1.8, "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", class: "icon" },
    (PATHS[name] ?? []).map((d) => s("path", { d })),
  );
}

/** logo is the Woes mark and word. */
export function logo() {
  const mark = s(
    "svg",
    { viewBox: "0 0 32 32", width: 28, height: 28, "aria-hidden": "true" },
    s("rect", { width: 32, height: 32, rx: 9, fill: "#4f46e5" }),
    s("path", { d: "M8 11h16v9H15l-5 4v-4H8z", fill: "#fff" }),
  );
  return h("div", { class: "logo" }, mark, h("span", null, "Woes"));
}
