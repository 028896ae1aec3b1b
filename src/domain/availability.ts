// Availability: office hours in a time zone (when the team is next open) and the usual reply time, bucketed
// from real first replies; the session answer tells the widget (CONTRACT §9b `availability`).
import { byOpening, DAYS, type OfficeHours, type ReplyTime } from "./settings";

const DAY = 86_400_000;

/** wallClock is what the clocks of a time zone show at an instant: the local date, weekday and minutes. */
function wallClock(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type == type)!.value);
  return { y: n("year"), m: n("month"), d: n("day"), minutes: n("hour") * 60 + n("minute") };
}

/** instant is the moment a time zone's clocks show a local date and time (the later one across a DST gap). */
function instant(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  const asUtc = Date.UTC(y, m - 1, d, 0, minutes);
  let at = asUtc;
  // note: twice, because the offset at the first guess may differ from the offset at the answer (DST).
  for (let i = 0; i < 2; i++) {
    const w = wallClock(at, timeZone);
    at = asUtc - (Date.UTC(w.y, w.m - 1, w.d, 0, w.minutes) - at);
  }
  return at;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** opening tells whether office hours are open at now, and else when they next open (within two weeks). */
export function opening(hours: OfficeHours, now: number): { open: boolean; next?: number } {
  const today = wallClock(now, hours.timeZone);
  for (let i = 0; i < 15; i++) {
    // note: calendar arithmetic on the local date, so a day is a date, whatever its length in hours.
    const date = new Date(Date.UTC(today.y, today.m - 1, today.d + i));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (hours.holidays?.includes(date.toISOString().slice(0, 10))) continue;
    // note: sorted here too, because hours saved before intervals were sorted on save may be in any order.
    for (const [from, to] of byOpening(hours.weekly[DAYS[date.getUTCDay()]!] ?? [])) {
      const start = instant(y, m, d, minutesOf(from), hours.timeZone);
      const end = instant(y, m, d, minutesOf(to), hours.timeZone);
      if (start <= now && now < end) return { open: true };
      if (start > now) return { open: false, next: start };
    }
  }
  return { open: false };
}

/** replyBucket words a typical first-reply delay the way the widget says it. */
export function replyBucket(ms: number): ReplyTime {
  if (ms <= 10 * 60_000) return "minutes";
  if (ms <= 60 * 60_000) return "hour";
  if (ms <= 8 * 60 * 60_000) return "hours";
  return "day";
}

/** median is the middle of a list of numbers (null when empty). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** WINDOW is how far back first replies count for the usual reply time. */
export const WINDOW = 30 * DAY;
