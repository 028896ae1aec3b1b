// Figures for the Stats page: daily counts for whole days, grouped rows for the partial ones.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { conversations, events, surveyResponses } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { CONVERSATIONS_STARTED, DAY, type DailyCount } from "../../../domain/daily-counts";
import { invalid } from "../../../lib/http-error";
import type { Operator } from "../../../plugins/admin-auth";
import { EVENT_TYPES } from "../../widget/events/model";
import { existingWorkspace } from "../shared";
import type { StatsAnswer, StatsQuery } from "./model";
import { TeamFigures } from "./team";
import { iso } from "../../../lib/text";

const MAX_DAYS = 400;
const dayOf = (column: unknown) => sql<number>`${column} / ${sql.raw(String(DAY))}`;
const isDate = (s: string) => s.length === 10;
const p = sql.placeholder;

/** StatsService computes a workspace's figures over a range of time. */
export class StatsService {
  private eventsRaw;
  private startedRaw;
  private scores;
  private teamFigures;
  // note: whole days come from the daily counts; only the partial days at either end of a
  // range are counted from the rows, over the index on (workspace, time).
  constructor(private ctx: AppContext) {
    const db = ctx.store.db;
    const within = (ws: SQLiteColumn, at: SQLiteColumn) => and(eq(ws, p("workspaceId")), gte(at, p("from")), lt(at, p("to")));
    this.eventsRaw = db
      .select({ kind: events.type, day: dayOf(events.at), n: sql<number>`count(*)` })
      .from(events)
      .where(within(events.workspaceId, events.at))
      .groupBy(events.type, dayOf(events.at))
      .prepare();
    this.startedRaw = db
      .select({ kind: sql<string>`${CONVERSATIONS_STARTED}`, day: dayOf(conversations.createdAt), n: sql<number>`count(*)` })
      .from(conversations)
      .where(within(conversations.workspaceId, conversations.createdAt))
      .groupBy(dayOf(conversations.createdAt))
      .prepare();
    this.scores = db
      .select({ kind: surveyResponses.kind, score: surveyResponses.score, n: sql<number>`count(*)` })
      .from(surveyResponses)
      .where(within(surveyResponses.workspaceId, surveyResponses.createdAt))
      .groupBy(surveyResponses.kind, surveyResponses.score)
      .prepare();
    this.teamFigures = new TeamFigures(db);
  }

  private async counts(workspaceId: string, from: number, to: number): Promise<DailyCount[]> {
    const raw = async (a: number, b: number) => (a < b ? [...(await this.eventsRaw.all({ workspaceId, from: a, to: b })), ...(await this.startedRaw.all({ workspaceId, from: a, to: b }))] : []);
    const firstWhole = Math.ceil(from / DAY);
    const endWhole = Math.floor(to / DAY);
    if (firstWhole >= endWhole) return raw(from, to);
    return [...(await raw(from, firstWhole * DAY)), ...(await this.ctx.daily.between(workspaceId, firstWhole, endWhole)), ...(await raw(endWhole * DAY, to))];
  }

  /** stats answers GET /stats for one workspace. */
  async stats(operator: Operator, q: StatsQuery): Promise<StatsAnswer> {
    const db = this.ctx.store.db;
    await existingWorkspace(db, operator, q.workspace);
    // note: by default the range ends with today (UTC), so what happened just now counts.
    const to = q.to ? Date.parse(q.to) + (isDate(q.to) ? DAY : 0) : Math.floor(this.ctx.clock.now() / DAY) * DAY + DAY;
    const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
    if (from >= to) throw invalid("from", "The range must start before it ends.");
    if (to - from > MAX_DAYS * DAY) throw invalid("from", `The range may span at most ${MAX_DAYS} days.`);
    const ws = q.workspace;
    const [counts, scores, team] = await Promise.all([this.counts(ws, from, to), this.scores.all({ workspaceId: ws, from, to }), this.teamFigures.team(ws, from, to)]);
    const eventCounts: Record<string, number> = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0]));
    const days = new Map<number, StatsAnswer["daily"][number]>();
    for (let t = Math.floor(from / DAY); t * DAY < to; t++) {
      days.set(t, { date: iso(t * DAY).slice(0, 10), launcherViews: 0, opens: 0, conversationsStarted: 0 });
    }
    for (const r of counts) {
      const n = Number(r.n);
      const d = days.get(Number(r.day));
      if (r.kind === CONVERSATIONS_STARTED) {
        if (d) d.conversationsStarted += n;
        continue;
      }
      eventCounts[r.kind] = (eventCounts[r.kind] ?? 0) + n;
      if (d && r.kind === "launcher_view") d.launcherViews += n;
      if (d && r.kind === "widget_open") d.opens += n;
    }
    const daily = [...days.values()];
    const sum = (k: "launcherViews" | "opens" | "conversationsStarted") => daily.reduce((a, d) => a + d[k], 0);
    return {
      workspaceId: ws,
      from: iso(from),
      to: iso(to),
      events: eventCounts,
      totals: { launcherViews: sum("launcherViews"), opens: sum("opens"), conversationsStarted: sum("conversationsStarted") },
      daily,
      csat: csat(scores.filter((s) => s.kind === "csat")),
      nps: nps(scores.filter((s) => s.kind === "nps")),
      team,
    };
  }
}

type Score = { score: number; n: number };

function spread(rows: Score[], from: number, to: number) {
  const distribution: Record<string, number> = {};
  for (let k = from; k <= to; k++) distribution[String(k)] = 0;
  for (const r of rows) distribution[String(r.score)] = (distribution[String(r.score)] ?? 0) + Number(r.n);
  return { distribution, count: rows.reduce((a, r) => a + Number(r.n), 0) };
}

function csat(rows: Score[]): StatsAnswer["csat"] {
  const { distribution, count } = spread(rows, 1, 5);
  const total = rows.reduce((a, r) => a + r.score * Number(r.n), 0);
  return { count, average: count ? Math.round((100 * total) / count) / 100 : null, distribution };
}

/** nps: % promoters (9-10) minus % detractors (0-6), rounded to one decimal. */
function nps(rows: Score[]): StatsAnswer["nps"] {
  const { distribution, count } = spread(rows, 0, 10);
  const among = (lo: number, hi: number) => rows.filter((r) => r.score >= lo && r.score <= hi).reduce((a, r) => a + Number(r.n), 0);
  const promoters = among(9, 10);
  const detractors = among(0, 6);
  return { count, score: count ? Math.round((1000 * (promoters - detractors)) / count) / 10 : null, promoters, passives: among(7, 8), detractors, distribution };
}
