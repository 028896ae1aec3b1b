// Stats' team card: first-response and resolution times, overall and per operator.
import type { Stats } from "../admin";
import { h } from "../dom";
import { card } from "./parts";

/** duration says a number of seconds briefly: 45 s, 12 min, 3.5 h, 2.1 days; a dash for none. */
export function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/** teamCard is the Team card of Stats, over the conversations started in the range. */
export function teamCard(team: Stats["team"]) {
  const rows = team.operators.map((o) =>
    h("tr", null, h("td", null, o.name), h("td", null, h("span", { class: "cell-label" }, "First response "), `${duration(o.firstResponseSeconds)} · ${o.firstResponses}`), h("td", null, h("span", { class: "cell-label" }, "Resolution "), `${duration(o.resolutionSeconds)} · ${o.resolved}`)),
  );
  return card(
    "Team",
    h(
      "p",
      { class: "muted small" },
      `First response: ${duration(team.firstResponse.averageSeconds)} on average over ${team.firstResponse.count} conversations · Resolution: ${duration(team.resolution.averageSeconds)} over ${team.resolution.count}.`,
    ),
    rows.length
      ? h("table", { class: "table team-stats" }, h("thead", null, h("tr", null, h("th", null, "Operator"), h("th", null, "First response · count"), h("th", null, "Resolution · count"))), h("tbody", null, rows))
      : h("p", { class: "muted" }, "No replies or closes by teammates in this range yet."),
  );
}
