// POST /api/widget/csat: CSAT (1-5) and NPS (0-10) responses; a second replaces the first.
import { describe, expect, test } from "bun:test";
import { as, count, makeWorld, scenarios, setSettings, type World } from "../../helpers/builders";

const CSAT = "/api/widget/csat";
const rate = (w: World, body: Record<string, unknown>) => as(w.a, { path: CSAT, body: { conversationId: w.convA, ...body } });
const asks = (survey: "csat" | "nps" | null) => (w: World) => setSettings(w.t, { survey });

describe("POST /api/widget/csat", () => {
  scenarios(makeWorld, [
    ...[1, 3, 5].map((score) => ({ name: `CSAT ${score}: 201`, setup: asks("csat"), request: (w: World) => rate(w, { kind: "csat", score }), status: 201, check: (r: any, w: World) => expect(r.json).toEqual({ survey: { conversationId: w.convA, kind: "csat", score } }) })),
    ...[0, 6, 10].map((score) => ({ name: `CSAT ${score}: 422 naming score`, setup: asks("csat"), request: (w: World) => rate(w, { kind: "csat", score }), status: 422, check: (r: any) => expect(r.json.error.field).toBe("score") })),
    ...[0, 7, 10].map((score) => ({ name: `NPS ${score}: 201`, setup: asks("nps"), request: (w: World) => rate(w, { kind: "nps", score }), status: 201 })),
    ...[-1, 11, 2.5, "9"].map((score) => ({ name: `NPS ${JSON.stringify(score)}: 422`, setup: asks("nps"), request: (w: World) => rate(w, { kind: "nps", score }), status: 422, check: (r: any) => expect(r.json.error.field).toBe("score") })),
    { name: "NPS sent where CSAT is asked: 422 survey_kind_mismatch", setup: asks("csat"), request: (w) => rate(w, { kind: "nps", score: 9 }), status: 422, code: "survey_kind_mismatch", check: async (r, w) => {
      expect(r.json.error.field).toBe("kind");
      expect(await count(w.t, "survey_response")).toBe(0);
    } },
    { name: "CSAT sent where NPS is asked: 422 survey_kind_mismatch", setup: asks("nps"), request: (w) => rate(w, { kind: "csat", score: 4 }), status: 422, code: "survey_kind_mismatch" },
    { name: "a workspace with no survey: 422 survey_kind_mismatch", request: (w) => rate(w, { kind: "csat", score: 4 }), status: 422, code: "survey_kind_mismatch" },
    { name: "an unknown kind: 422 naming kind", setup: asks("csat"), request: (w) => rate(w, { kind: "ces", score: 4 }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("kind") },
    { name: "a comment is trimmed and kept", setup: asks("csat"), request: (w) => rate(w, { kind: "csat", score: 5, comment: "  Quick and kind.  " }), status: 201, expectedContent: ['"comment":"Quick and kind."'] },
    { name: "a comment over 2000 characters: 422 naming comment", setup: asks("csat"), request: (w) => rate(w, { kind: "csat", score: 5, comment: "c".repeat(2001) }), status: 422, check: (r) => expect(r.json.error.field).toBe("comment") },
    { name: "another visitor's conversation: 404, nothing stored", setup: asks("csat"), request: (w) => rate(w, { conversationId: w.convB, kind: "csat", score: 1 }), status: 404, code: "conversation_not_found", check: async (_r, w) => expect(await count(w.t, "survey_response")).toBe(0) },
    { name: "another workspace's conversation: 404", setup: asks("csat"), request: (w) => rate(w, { conversationId: w.convC, kind: "csat", score: 1 }), status: 404 },
    { name: "no token: 401", setup: asks("csat"), request: (w) => ({ path: CSAT, key: w.t.ws.publicKey, body: { conversationId: w.convA, kind: "csat", score: 5 } }), status: 401 },
  ]);

  test("a second response replaces the first: one row, the new score and comment", async () => {
    const w = await makeWorld();
    await setSettings(w.t, { survey: "csat" });
    expect((await w.t.call(rate(w, { kind: "csat", score: 2, comment: "slow" }))).status).toBe(201);
    const second = await w.t.call(rate(w, { kind: "csat", score: 5, comment: "fast after all" }));
    expect(second.json).toEqual({ survey: { conversationId: w.convA, kind: "csat", score: 5, comment: "fast after all" } });
    expect(await count(w.t, "survey_response")).toBe(1);
    expect(await count(w.t, "survey_response", `conversation_id = '${w.convA}' and score = 5 and comment = 'fast after all'`)).toBe(1);
  });

  test("a score alone after a comment (a late tap after Send feedback) keeps the comment", async () => {
    const w = await makeWorld();
    await setSettings(w.t, { survey: "csat" });
    expect((await w.t.call(rate(w, { kind: "csat", score: 2, comment: "slow" }))).status).toBe(201);
    const tap = await w.t.call(rate(w, { kind: "csat", score: 3 }));
    expect(tap.json).toEqual({ survey: { conversationId: w.convA, kind: "csat", score: 3, comment: "slow" } });
    expect(await count(w.t, "survey_response", `conversation_id = '${w.convA}' and score = 3 and comment = 'slow'`)).toBe(1);
  });

  test("CSAT and NPS for one conversation are separate responses", async () => {
    const w = await makeWorld();
    await setSettings(w.t, { survey: "csat" });
    await w.t.call(rate(w, { kind: "csat", score: 4 }));
    await setSettings(w.t, { survey: "nps" });
    await w.t.call(rate(w, { kind: "nps", score: 9 }));
    expect(await count(w.t, "survey_response", `conversation_id = '${w.convA}'`)).toBe(2);
  });
});
