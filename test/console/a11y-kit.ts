// axe-core in a page: the engine is read from node_modules and evaluated in the page (no network, no
// script tag, so the console's CSP does not stand in the way); serious and critical violations are listed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axeProblems runs axe-core over the page (inside a shadow root too) and lists each serious or critical
 *  violation as "rule: what it means — where", at most five places per rule. */
export async function axeProblems(page: Page, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    // note: each place names the failed check's own words (for contrast: the colours and the ratio).
    const why = (n: any) => [...n.any, ...n.all, ...n.none].map((c: any) => c.message).find(Boolean) ?? "";
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => `${n.target.join(" ")} [${why(n)}]`) }));
  });
  return violations
    .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
    .map((v: { id: string; impact: string; help: string; targets: string[] }) => `${label}: ${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 5).join("; ")}`);
}
