// Languages (CONTRACT §9b `locale`): the session speaks the workspace's language, else the browser's, with the
// greeting written for it; the per-language greetings and the language are validated by PATCH.
import { describe, expect, test } from "bun:test";
import { scenarios } from "../../helpers/builders";
import { asToken, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const ws = (id: string) => `/api/admin/workspaces/${id}`;
const patch = (settings: object) => (w: W) => asToken(w.t.adminToken, { method: "PATCH", path: ws(w.acme), body: { settings } });
const sessionIn = (w: W, locale?: string) => w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, body: locale === undefined ? {} : { locale } });
const GREETINGS = { de: "Hallo! Wir helfen gern.", "pt-BR": "Olá! Como podemos ajudar?", ar: "مرحبًا! كيف نساعدك؟" };

describe("language settings", () => {
  scenarios(makeAdminWorld, [
    { name: "locale that is not a BCP 47 tag: 422 naming it", request: patch({ locale: "not a language!" }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("settings.locale") },
    { name: "a greeting for a key that is no language: 422", request: patch({ greetings: { "<b>": "Hi" } }), status: 422, check: (r) => expect(r.json.error.field).toMatch(/^settings\.greetings/) },
    { name: "an empty greeting for a language: 422", request: patch({ greetings: { de: " " } }), status: 422, check: (r) => expect(r.json.error.field).toMatch(/^settings\.greetings/) },
    { name: "greetings per language: stored and shown to operators", request: patch({ greetings: GREETINGS, greeting: "Hi there!" }), status: 200, check: (r) => expect(r.json.workspace.settings.greetings).toEqual(GREETINGS) },
  ]);

  test.each([
    ["a German browser gets German and the German greeting", undefined, "de-DE", "de-DE", "Hallo! Wir helfen gern."],
    ["a Brazilian browser gets the pt-BR greeting", undefined, "pt-br", "pt-BR", "Olá! Como podemos ajudar?"],
    ["an Arabic browser gets Arabic", undefined, "ar", "ar", "مرحبًا! كيف نساعدك؟"],
    ["a language without a greeting falls back to the default greeting", undefined, "ja-JP", "ja-JP", "Hi there!"],
    ["a malformed browser language is ignored", undefined, "<script>", undefined, "Hi there!"],
    ["no language at all: no locale", undefined, undefined, undefined, "Hi there!"],
    ["the workspace's language wins over the browser's", "de", "en-US", "de", "Hallo! Wir helfen gern."],
  ])("%s", async (_, workspace, browser, locale, greeting) => {
    const w = await makeAdminWorld();
    expect((await w.t.admin(patch({ greetings: GREETINGS, greeting: "Hi there!", ...(workspace ? { locale: workspace } : {}) })(w))).status).toBe(200);
    const r = await sessionIn(w, browser);
    expect(r.status).toBe(200);
    expect(r.json.settings.locale).toBe(locale);
    expect(r.json.settings.greeting).toBe(greeting);
    // note: the other languages' greetings stay with the operators.
    expect(r.json.settings).not.toHaveProperty("greetings");
    for (const other of Object.values(GREETINGS).filter((g) => g !== greeting)) expect(r.text).not.toContain(other);
  });

  test("the language tables are served; an unknown or crafted name is 404", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.call({ path: "/widget-locales/nope.json" })).status).toBe(404);
    expect((await w.t.call({ path: "/widget-locales/constructor" })).status).toBe(404);
    expect((await w.t.call({ path: "/widget-locales/..%2Fwoes.db" })).status).toBe(404);
  });
});
