// Workspace figures over a date range: widget events, conversations started, CSAT, NPS and team timings.
import * as v from "valibot";
import { Id } from "../shared";

// note: a bare date means a whole UTC day: `from` its start, `to` its end (the range includes it).
const When = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), "an ISO date such as 2026-11-24"),
);

/** StatsQuery names the workspace and the range (default: the 30 days ending today, UTC). */
export const StatsQuery = v.object({ workspace: Id, from: v.optional(When), to: v.optional(When) });
export type StatsQuery = v.InferOutput<typeof StatsQuery>;

const Counts = v.record(v.string(), v.number());
const Day = v.object({ date: v.string(), launcherViews: v.number(), opens: v.number(), conversationsStarted: v.number() });

const Timing = v.object({ count: v.number(), averageSeconds: v.nullable(v.number()) });

/** TeamStats: how fast conversations started in the range got a first reply and were resolved, overall and per operator. */
export const TeamStats = v.object({
  firstResponse: Timing,
  resolution: Timing,
  operators: v.array(
    v.object({ id: v.string(), name: v.string(), firstResponses: v.number(), firstResponseSeconds: v.nullable(v.number()), resolved: v.number(), resolutionSeconds: v.nullable(v.number()) }),
  ),
});
export type TeamStats = v.InferOutput<typeof TeamStats>;

/** StatsAnswer: event counts by type, totals and days, CSAT average and spread, NPS score and spread. */
export const StatsAnswer = v.object({
  workspaceId: v.string(),
  from: v.string(),
  to: v.string(),
  events: Counts,
  totals: v.object({ launcherViews: v.number(), opens: v.number(), conversationsStarted: v.number() }),
  daily: v.array(Day),
  csat: v.object({ count: v.number(), average: v.nullable(v.number()), distribution: Counts }),
  nps: v.object({
    count: v.number(),
    score: v.nullable(v.number()),
    promoters: v.number(),
    passives: v.number(),
    detractors: v.number(),
    distribution: Counts,
  }),
  team: TeamStats,
});
export type StatsAnswer = v.InferOutput<typeof StatsAnswer>;
