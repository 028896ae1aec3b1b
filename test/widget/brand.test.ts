// Every colour derived from a brand colour reads at WCAG AA (4.5:1) against its text, in both themes.
import { expect, test } from "bun:test";
import { BACKGROUNDS, contrast, onColor, palette } from "../../widget/src/brand";

const hex = (r: number, g: number, b: number) => "#" + [r, g, b].map((x) => x.toString(16).padStart(2, "0")).join("");
const GREYS = [0x70, 0x74, 0x75, 0x76, 0x77, 0x78, 0x7a, 0x80, 0x88].map((x) => hex(x, x, x));
const NAMED = ["#ffff00", "#ffffff", "#000000", "#ff0000", "#00ff00", "#0000ff", "#00ffff", "#ff00ff", "#4f46e5", "#0a7d55", "#e8590c", "#f59f00"];
const grid = () => {
  const out: string[] = [];
  for (let r = 0; r < 256; r += 17) for (let g = 0; g < 256; g += 17) for (let b = 0; b < 256; b += 17) out.push(hex(r, g, b));
  return out;
};

test("contrast is WCAG's: black on white 21:1, a colour on itself 1:1, #767676 on white 4.54:1", () => {
  expect(contrast("#000000", "#ffffff").toFixed(5)).toBe("21.00000");
  expect(contrast("#4f46e5", "#4f46e5")).toBe(1);
  expect(contrast("#767676", "#ffffff").toFixed(2)).toBe("4.54");
});

test.each([false, true])("dark theme %p: accent with its text, and the link on the background, all ≥ 4.5:1 for 4,100 brand colours", (dark) => {
  const colours = [...GREYS, ...NAMED, ...grid()];
  expect(colours.length).toBeGreaterThan(4100);
  for (const brand of colours) {
    const p = palette(brand, dark);
    expect(p.accent).toBe(brand);
    expect(p.bg).toBe(dark ? BACKGROUNDS.dark : BACKGROUNDS.light);
    if (contrast(p.accent, p.on) < 4.5 || contrast(p.link, p.bg) < 4.5) throw new Error(`${brand} (${dark ? "dark" : "light"}): ${p.on} on it, ${p.link} on ${p.bg}`);
  }
});

test("pure yellow and mid-greys get black text; deep blue gets white; a pale link is darkened, not kept", () => {
  expect(onColor("#ffff00")).toBe("#000000");
  for (const grey of ["#777777", "#808080"]) expect(onColor(grey)).toBe("#000000");
  expect(onColor("#1e3a8a")).toBe("#ffffff");
  const yellow = palette("#ffff00");
  expect(yellow.link).not.toBe("#ffff00");
  expect(contrast(yellow.link, BACKGROUNDS.light)).toBeGreaterThanOrEqual(4.5);
});
