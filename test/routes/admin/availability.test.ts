// Availability (CONTRACT §9b `availability`): office hours and reply time set by PATCH (validated), and what the
// session answer says: online from operator presence, when hours next open, the usual reply time.
import { describe, expect, test } from "bun:test";
import { plant } from "../../helpers/builders";
import { sleep } from "../../runtime/neutral";
import { asToken, makeAdminWorld, openSse, type AdminWorld } from "./fixture";

type W = AdminWorld;
const ws = (id: string) => `/api/admin/workspaces/${id}`;
const patch = (settings: object) => (w: W) => asToken(w.t.adminToken, { method: "PATCH", path: ws(w.acme), body: { settings } });
const NINE_TO_FIVE = [["09:00", "17:00"]];
const HOURS = { timeZone: "Europe/Berlin", weekly: { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE }, holidays: ["2026-12-25"] };
const availability = async (w: W) => (await w.t.session({})).json.settings.availability;
const HOUR = 3_600_000;

describe("availability settings", () => {
  const hoursWith = (change: object) => patch({ hours: { ...HOURS, ...change } });
  const rows = [
    ["an unknown time zone", hoursWith({ timeZone: "Mars/Olympus" }), "settings.hours.timeZone"],
    ["a time past midnight", hoursWith({ weekly: { mon: [["09:00", "25:00"]] } }), "settings.hours.weekly.mon.0.1"],
    ["closing before opening", hoursWith({ weekly: { mon: [["17:00", "09:00"]] } }), "settings.hours.weekly.mon.0"],
    ["a holiday that is no date", hoursWith({ holidays: ["Christmas"] }), "settings.hours.holidays.0"],
    ["an unknown weekday", hoursWith({ weekly: { funday: NINE_TO_FIVE } }), undefined],
    ["a reply time that is no choice", patch({ replyTime: "soon" }), "settings.replyTime"],
    ["overlapping intervals", hoursWith({ weekly: { mon: [["13:00", "17:00"], ["09:00", "13:30"]] } }), "settings.hours.weekly.mon"],
    ["an empty interval", hoursWith({ weekly: { tue: NINE_TO_FIVE, wed: [["10:00", "10:00"]] } }), "settings.hours.weekly.wed.0"],
  ] as const;
  test.each(rows)("%s: 422 naming the field", async (_, request, field) => {
    const w = await makeAdminWorld();
    const r = await w.t.admin(request(w));
    if (field) {
      expect(r.status).toBe(422);
      expect(r.json.error.field).toBe(field);
    } else {
      // note: valibot objects drop unknown keys: an unknown weekday is ignored, never stored.
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.json)).not.toContain("funday");
    }
    expect(r.text).not.toMatch(/stack|at \//);
  });

  test("without hours, reply time or anyone online the session says nothing about availability", async () => {
    const w = await makeAdminWorld();
    expect(await availability(w)).toBeUndefined();
  });

  test("office hours: open at 13:00 Berlin on a Tuesday (no nextOpenAt), closed at 18:00 and back at 09:00 the next day", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.admin(patch({ hours: HOURS })(w))).json.workspace.settings.hours).toEqual(HOURS);
    expect(await availability(w)).toEqual({ online: false });
    w.t.clock.advance(5 * HOUR);
    expect(await availability(w)).toEqual({ online: false, nextOpenAt: "2026-11-25T08:00:00.000Z" });
    const answer = await w.t.session({});
    // note: the hours themselves stay with the operators.
    expect(answer.json.settings).not.toHaveProperty("hours");
    expect(answer.text).not.toContain("Europe/Berlin");
  });

  test("intervals saved out of order are stored sorted, and the team is open between them as it should be", async () => {
    const w = await makeAdminWorld();
    // note: the test clock starts on Tuesday 13:00 in Berlin.
    const r = await w.t.admin(patch({ hours: { timeZone: "Europe/Berlin", weekly: { tue: [["14:00", "17:00"], ["09:00", "13:30"]] } } })(w));
    expect(r.json.workspace.settings.hours.weekly.tue).toEqual([["09:00", "13:30"], ["14:00", "17:00"]]);
    expect(await availability(w)).toEqual({ online: false });
    w.t.clock.advance(HOUR / 2);
    expect(await availability(w)).toEqual({ online: false, nextOpenAt: "2026-11-24T13:00:00.000Z" });
  });

  test("overlapping hours are refused with a message that names both intervals, and nothing is stored", async () => {
    const w = await makeAdminWorld();
    const r = await w.t.admin(patch({ hours: { timeZone: "Europe/Berlin", weekly: { fri: [["13:00", "17:00"], ["09:00", "13:30"]] } } })(w));
    expect([r.status, r.json.error.code, r.json.error.field, r.json.error.message]).toEqual([422, "invalid_field", "settings.hours.weekly.fri", "Office hours overlap: 09:00–13:30 and 13:00–17:00."]);
    expect(await availability(w)).toBeUndefined();
  });

  test("a reply time set by hand is what the widget says", async () => {
    const w = await makeAdminWorld();
    await w.t.admin(patch({ replyTime: "hours" })(w));
    expect(await availability(w)).toEqual({ online: false, replyTime: "hours" });
    expect((await w.t.session({})).json.settings).not.toHaveProperty("replyTime");
  });

  test("the usual reply time comes from real first replies of the last 30 days (notes and agents do not count)", async () => {
    const w = await makeAdminWorld();
    // note: Ada's conversation has an agent answer and an internal note, neither a reply from a person.
    expect(await availability(w)).toBeUndefined();
    w.t.clock.advance(3 * 60_000);
    await plant(w.t, w.convA, { body: "A person answers" });
    // note: measured values are kept ten minutes.
    w.t.clock.advance(11 * 60_000);
    expect(await availability(w)).toEqual({ online: false, replyTime: "minutes" });
    w.t.clock.advance(31 * 24 * HOUR);
    expect(await availability(w)).toBeUndefined();
  });

  test("online while an operator has the inbox stream open; then no nextOpenAt even out of hours", async () => {
    const w = await makeAdminWorld();
    await w.t.admin(patch({ hours: HOURS })(w));
    w.t.clock.advance(5 * HOUR);
    const stream = await openSse(w.t, { path: "/api/admin/conversations/stream", headers: { authorization: `Bearer ${w.t.adminToken}` } });
    expect(await availability(w)).toEqual({ online: true });
    await stream.close();
    for (let i = 0; i < 100 && (await availability(w)).online; i++) await sleep(10);
    expect(await availability(w)).toEqual({ online: false, nextOpenAt: "2026-11-25T08:00:00.000Z" });
  });
});
