// The size budget: what every page view loads stays ≤ 3 KB gzipped, the whole widget ≤ 20 KB.
import { expect, test } from "bun:test";
import { sizes } from "../../widget/build";
import { bundler } from "../helpers/platform";

const LOADER_BUDGET = 3 * 1024;
const WIDGET_BUDGET = 20 * 1024;

test("the loader is ≤ 3 KB and loader + messenger ≤ 20 KB gzipped", async () => {
  const { loader, messenger } = await bundler.buildWidget();
  const a = sizes(loader);
  const b = sizes(messenger);
  console.log(`widget.js ${a.raw} B raw / ${a.gzip} B gzip; widget-messenger.js ${b.raw} B raw / ${b.gzip} B gzip; total ${a.gzip + b.gzip} B gzip`);
  expect(a.gzip).toBeLessThanOrEqual(LOADER_BUDGET);
  expect(a.gzip + b.gzip).toBeLessThanOrEqual(WIDGET_BUDGET);
});

test("the built files are minified, ASCII-only, and free of eval and inline-style APIs a strict CSP would block", async () => {
  const { loader, messenger } = await bundler.buildWidget();
  for (const text of [loader, messenger]) {
    expect(text).not.toMatch(/\n[ \t]+\S|\/\*\*|\/\/ note:/); // no indentation, no comments
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    expect(text).not.toMatch(/\beval\(|new Function\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|setAttribute\("style"|\.style\./);
  }
  // note: the loader carries no UI; the messenger is a separate file.
  expect(loader).not.toContain("adoptedStyleSheets");
  expect(messenger).toContain("adoptedStyleSheets");
});
