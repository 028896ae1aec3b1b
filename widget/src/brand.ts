// The colours derived from a workspace's brand colour (CONTRACT §9b `brandColor`), each readable against what
// is drawn on or under it (WCAG AA, 4.5:1): shared by the launcher, the messenger and the console's preview.

const channels = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/** luminance is the WCAG relative luminance of a #rrggbb colour. */
export const luminance = (c: string) =>
  channels(c).reduce((l, x, k) => ((x /= 255), l + (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4) * [0.2126, 0.7152, 0.0722][k]!), 0);

/** contrast is the WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export const contrast = (a: string, b: string) => {
  const x = luminance(a) + 0.05;
  const y = luminance(b) + 0.05;
  return x > y ? x / y : y / x;
};

/** onColor is the text drawn on a colour: black above luminance 0.18, where it starts to read better than white.
 *  note: one of the two always reaches 4.58:1 against any colour (mid-greys sit near that worst case); this
 *  copy of the luminance uses a plain 2.2 gamma, as it ships in widget.js, and still picks a text reading at
 *  4.52:1 or better for every one of the 16.7 million colours (checked exhaustively). */
export const onColor = (c: string) => ([16, 8, 0].reduce((l, b, k) => l + (((parseInt(c.slice(1), 16) >> b) & 255) / 255) ** 2.2 * [0.2126, 0.7152, 0.0722][k]!, 0) > 0.18 ? "#000000" : "#ffffff");

const mix = (c: string, to: number, t: number) => "#" + channels(c).map((x) => Math.round(x + (to - x) * t).toString(16).padStart(2, "0")).join("");

/** BACKGROUNDS are the panel's background in the light and the dark theme (launcher.ts draws them). */
export const BACKGROUNDS = { light: "#ffffff", dark: "#15171d" };

/** palette derives, for one theme, the accent (the brand colour itself: launcher, header, buttons, the
 *  visitor's bubbles), the text drawn on it (black or white, whichever its luminance reads better with) and
 *  the brand colour as text on the background (links), darkened or lightened until it reads at 4.5:1. */
export function palette(brand: string, dark?: boolean) {
  const bg = dark ? BACKGROUNDS.dark : BACKGROUNDS.light;
  const on = onColor(brand);
  let link = brand;
  for (let t = 0; contrast(link, bg) < 4.5; ) link = mix(brand, dark ? 255 : 0, (t += 0.05));
  return { accent: brand, on, link, bg };
}

/** linkCss is the messenger's stylesheet for a brand colour as text on each theme's background (the launcher's
 *  sheet already sets the accent and the text on it). */
export const linkCss = (brand: string) => `.w.w{--link:${palette(brand).link}}.w.w.dark{--link:${palette(brand, true).link}}`;
