// The console's wording of numbers, as the issue's walk found it wrong: "Last seen now ago", "average of 1
// ratings", "243% of opens", and y-axis labels such as 0/3/5.
import { describe, expect, test } from "bun:test";
import { niceMax } from "../../src/console/client/views/charts";
import { pct, plural } from "../../src/console/client/views/wording";
import { seenAgo } from "../../src/console/client/dom";

describe("console wording", () => {
  test("a count of one is singular, any other plural", () => {
    expect(plural(1, "rating", "ratings")).toBe("1 rating");
    expect(plural(0, "rating", "ratings")).toBe("0 ratings");
    expect(plural(5, "response", "responses")).toBe("5 responses");
  });

  test("a rate never passes 100 %, and a rate of nothing is a dash", () => {
    expect(pct(243, 100)).toBe("100%");
    expect(pct(1, 3)).toBe("33%");
    expect(pct(4, 0)).toBe("–");
  });

  test("last seen moments ago reads “just now”, never “now ago”", () => {
    expect(seenAgo(Date.now() - 5_000)).toBe("just now");
    expect(seenAgo(Date.now() - 5 * 60_000)).toBe("5 min ago");
    expect(seenAgo(Date.now() - 3 * 3_600_000)).toBe("3 h ago");
  });

  test("the y axis, labelled at 0, half and the top, has whole labels for every largest value up to 100 000", () => {
    for (let n = 1; n <= 100_000; n++) {
      const top = niceMax(n);
      if (top < n || !Number.isInteger(top / 2)) throw new Error(`largest value ${n}: axis 0/${top / 2}/${top}`);
    }
  });
});
