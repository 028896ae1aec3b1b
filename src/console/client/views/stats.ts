// Stats: launcher views, opens, conversations started, CSAT and NPS over a chosen date range.
import { admin, type Stats } from "../admin";
import { h, mount } from "../dom";
import { state } from "../state";
import type { Controller } from "../main";
import { distribution, formatCount, groupedBars, swatch } from "./charts";
import { teamCard } from "./stats-team";
import { card, errorText } from "./parts";
import { pageHeader } from "./shell";
import { pct, plural } from "./wording";

const COLORS = { views: "#c7d2fe", opens: "#818cf8", started: "#4f46e5" };
const day = (d: Date) => d.toISOString().slice(0, 10);
const ago = (days: number) => day(new Date(Date.now() - days * 86_400_000));
const npsColor = (n: number) => (n >= 9 ? "#16a34a" : n >= 7 ? "#a3a3a3" : "#ef4444");
const csatColor = (n: number) => ["#ef4444", "#f97316", "#eab308", "#84cc16", "#16a34a"][n - 1] ?? "#a3a3a3";

function kpi(label: string, value: string, sub: string, color?: string) {
  return h("div", { class: "kpi" }, h("span", { class: "kpi-label" }, color ? swatch(color) : null, label), h("strong", { class: "kpi-value" }, value), h("small", { class: "muted" }, sub));
}

function share(dist: Record<string, number>, from: number, to: number) {
  let n = 0;
  for (let i = from; i <= to; i++) n += dist[String(i)] ?? 0;
  return n;
}

/** statsView renders the figures for a range (last 30 days by default) and redraws on resize. */
export function statsView(page: HTMLElement): Controller {
  const from = h("input", { type: "date", value: ago(29), "aria-label": "From" });
  const to = h("input", { type: "date", value: ago(0), "aria-label": "To" });
  const presets = [7, 30, 90].map((n) =>
    h("button", { class: "chip", type: "button", "data-days": n, onClick: () => ((from.value = ago(n - 1)), (to.value = ago(0)), void load()) }, `${n} days`),
  );
  // note: the preset matching the range shown is marked, on first load too; a hand-picked range marks none.
  const mark = () => {
    for (const p of presets) p.setAttribute("aria-pressed", String(to.value === ago(0) && from.value === ago(Number(p.dataset.days) - 1)));
  };
  from.addEventListener("change", () => void load());
  to.addEventListener("change", () => void load());
  const body = h("div", { class: "stats" }, h("p", { class: "muted" }, "Loading…"));
  mount(page, pageHeader("Stats", "How visitors use the messenger.", h("div", { class: "range" }, presets, from, h("span", { class: "muted" }, "to"), to)), body);
  let last: Stats | null = null;

  function draw(st: Stats) {
    const t = st.totals;
    const npsTotal = st.nps.count;
    mount(
      body,
      h(
        "div",
        { class: "kpis" },
        kpi("Launcher views", formatCount(t.launcherViews), "times the chat bubble was shown", COLORS.views),
        kpi("Opens", formatCount(t.opens), `${pct(t.opens, t.launcherViews)} of views`, COLORS.opens),
        kpi("Conversations", formatCount(t.conversationsStarted), `${pct(t.conversationsStarted, t.opens)} of opens`, COLORS.started),
        kpi("CSAT", st.csat.average === null ? "–" : st.csat.average.toFixed(1), `average of ${plural(st.csat.count, "rating", "ratings")}, out of 5`),
        kpi("NPS", st.nps.score === null ? "–" : String(Math.round(st.nps.score)), `${plural(npsTotal, "response", "responses")}, −100 to 100`),
      ),
      card("Activity per day", h("div", { class: "chart-host", "data-chart": "daily" })),
      h(
        "div",
        { class: "grid-2" },
        card("CSAT distribution", h("div", { class: "chart-host", "data-chart": "csat" }), h("p", { class: "muted small" }, `${plural(st.csat.count, "rating", "ratings")} · ${pct(share(st.csat.distribution, 4, 5), st.csat.count)} satisfied (4–5)`)),
        card("NPS distribution", h("div", { class: "chart-host", "data-chart": "nps" }), h("p", { class: "muted small" }, `Promoters ${pct(share(st.nps.distribution, 9, 10), npsTotal)} · Passives ${pct(share(st.nps.distribution, 7, 8), npsTotal)} · Detractors ${pct(share(st.nps.distribution, 0, 6), npsTotal)}`)),
      ),
      teamCard(st.team),
    );
    charts(st);
  }

  function charts(st: Stats) {
    const host = (name: string) => body.querySelector<HTMLElement>(`[data-chart="${name}"]`)!;
    const width = (el: HTMLElement) => Math.max(240, Math.floor(el.clientWidth || 600));
    const daily = host("daily");
    const labels = st.daily.map((d) => new Date(`${d.date}T00:00:00`).toLocaleDateString(undefined, { month: "short", day: "numeric" }));
    mount(daily, groupedBars(labels, [
      { label: "Launcher views", color: COLORS.views, values: st.daily.map((d) => d.launcherViews) },
      { label: "Opens", color: COLORS.opens, values: st.daily.map((d) => d.opens) },
      { label: "Conversations", color: COLORS.started, values: st.daily.map((d) => d.conversationsStarted) },
    ], width(daily)));
    const csat = ["1", "2", "3", "4", "5"];
    mount(host("csat"), distribution(csat, csat.map((k) => st.csat.distribution[k] ?? 0), csatColor, width(host("csat"))));
    const nps = Array.from({ length: 11 }, (_, i) => String(i));
    mount(host("nps"), distribution(nps, nps.map((k) => st.nps.distribution[k] ?? 0), npsColor, width(host("nps"))));
  }

  async function load() {
    try {
      mark();
      last = await admin.stats(state.workspaceId, from.value, to.value);
      draw(last);
    } catch (e) {
      mount(body, h("p", { class: "form-error" }, errorText(e)));
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const resize = () => {
    clearTimeout(timer);
    timer = setTimeout(() => last && charts(last), 150);
  };
  window.addEventListener("resize", resize);
  void load();
  return { dispose: () => window.removeEventListener("resize", resize) };
}
