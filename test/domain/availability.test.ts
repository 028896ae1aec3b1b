// Office hours in a time zone: open now, or when they next open (weekends, holidays, daylight saving), and the
// usual reply time bucketed from first replies.
import { expect, test } from "bun:test";
import { median, opening, replyBucket } from "../../src/domain/availability";
import type { OfficeHours } from "../../src/domain/settings";

const NINE_TO_FIVE = [["09:00", "17:00"]] as [string, string][];
const BERLIN: OfficeHours = { timeZone: "Europe/Berlin", weekly: { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE }, holidays: ["2026-12-25"] };
const at = (iso: string) => Date.parse(iso);
const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

test.each([
  // name, hours, now, open, next opening
  ["Tuesday 10:00 in Berlin (09:00 UTC): open", BERLIN, "2026-11-24T09:00:00Z", true, undefined],
  ["Tuesday 08:59 in Berlin: opens at 09:00 Berlin, 08:00 UTC", BERLIN, "2026-11-24T07:59:00Z", false, "2026-11-24T08:00:00.000Z"],
  ["Tuesday 17:00 in Berlin: closed, back Wednesday 09:00", BERLIN, "2026-11-24T16:00:00Z", false, "2026-11-25T08:00:00.000Z"],
  ["Friday evening: back Monday", BERLIN, "2026-11-27T18:00:00Z", false, "2026-11-30T08:00:00.000Z"],
  ["Christmas Eve evening (Thursday): the 25th is a holiday, back Monday the 28th", BERLIN, "2026-12-24T18:00:00Z", false, "2026-12-28T08:00:00.000Z"],
  ["the week summer time starts: Monday 09:00 is 07:00 UTC", BERLIN, "2026-03-28T12:00:00Z", false, "2026-03-30T07:00:00.000Z"],
  ["23:30 UTC Monday is already Tuesday 08:30 in Tokyo: opens at 00:00 UTC", { timeZone: "Asia/Tokyo", weekly: { tue: NINE_TO_FIVE } }, "2026-11-23T23:30:00Z", false, "2026-11-24T00:00:00.000Z"],
  ["split hours: between the morning and the afternoon", { timeZone: "America/New_York", weekly: { wed: [["09:00", "12:00"], ["13:00", "17:00"]] } }, "2026-11-25T17:30:00Z", false, "2026-11-25T18:00:00.000Z"],
  ["hours stored out of order: Monday 10:00 in Berlin is open", { timeZone: "Europe/Berlin", weekly: { mon: [["13:00", "17:00"], ["09:00", "12:00"]] } }, "2026-11-30T09:00:00Z", true, undefined],
  ["hours stored out of order: Monday 07:00 in Berlin opens at 09:00, not 13:00", { timeZone: "Europe/Berlin", weekly: { mon: [["13:00", "17:00"], ["09:00", "12:00"]] } }, "2026-11-30T06:00:00Z", false, "2026-11-30T08:00:00.000Z"],
  ["hours stored out of order: Monday 12:30 in Berlin opens at 13:00", { timeZone: "Europe/Berlin", weekly: { mon: [["13:00", "17:00"], ["09:00", "12:00"]] } }, "2026-11-30T11:30:00Z", false, "2026-11-30T12:00:00.000Z"],
  ["no hours in any day: never opens", { timeZone: "UTC", weekly: {} }, "2026-11-25T17:30:00Z", false, undefined],
] as [string, OfficeHours, string, boolean, string | undefined][])("%s", (_, hours, now, open, next) => {
  const answer = opening(hours, at(now));
  expect(answer.open).toBe(open);
  expect(iso(answer.next)).toBe(next);
});

test("reply times are bucketed as the widget words them; the median ignores outliers", () => {
  expect([2, 10, 11, 60, 61, 8 * 60, 8 * 60 + 1].map((m) => replyBucket(m * 60_000))).toEqual(["minutes", "minutes", "hour", "hour", "hours", "hours", "day"]);
  expect(median([])).toBeNull();
  expect(median([5, 1, 1000])).toBe(5);
  expect(median([1, 2, 3, 4])).toBe(2.5);
});
