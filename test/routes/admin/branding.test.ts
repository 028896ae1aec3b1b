// Branding (CONTRACT §9b): brandColor, greeting and launcher set by PATCH, validated, and served in the session.
import { describe, expect, test } from "bun:test";
import { scenarios } from "../../helpers/builders";
import { asToken, makeAdminWorld, type AdminWorld } from "./fixture";

type W = AdminWorld;
const ws = (id: string) => `/api/admin/workspaces/${id}`;
const patch = (settings: object) => (w: W) => asToken(w.t.adminToken, { method: "PATCH", path: ws(w.acme), body: { settings } });
const BRAND = { brandColor: "#0a7d55", greeting: "Hi! We answer within the hour.", launcher: { position: "left", offset: { x: 32, y: 48 }, icon: "headset" } };

describe("branding settings", () => {
  scenarios(makeAdminWorld, [
    { name: "brandColor not #rrggbb: 422 naming it", request: patch({ brandColor: "red" }), status: 422, code: "invalid_field", check: (r) => expect(r.json.error.field).toBe("settings.brandColor") },
    { name: "brandColor #fff (short form): 422", request: patch({ brandColor: "#fff" }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.brandColor") },
    { name: "brandColor with CSS after it: 422", request: patch({ brandColor: "#000000;}body{x:y" }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.brandColor") },
    { name: "an empty greeting: 422", request: patch({ greeting: "   " }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.greeting") },
    { name: "a greeting over 160 characters: 422", request: patch({ greeting: "x".repeat(161) }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.greeting") },
    { name: "launcher position top: 422", request: patch({ launcher: { position: "top" } }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.launcher.position") },
    { name: "launcher offset negative: 422", request: patch({ launcher: { position: "left", offset: { x: -5, y: 0 } } }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.launcher.offset.x") },
    { name: "launcher offset not whole: 422", request: patch({ launcher: { position: "right", offset: { x: 1.5, y: 0 } } }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.launcher.offset.x") },
    { name: "launcher icon not in the list: 422 naming it", request: patch({ launcher: { position: "left", icon: "rocket" } }), status: 422, check: (r) => expect(r.json.error.field).toBe("settings.launcher.icon") },
    {
      name: "launcher icon as SVG markup: 422, not echoed",
      request: patch({ launcher: { position: "left", icon: "<svg onload=alert(1)>" } }),
      status: 422,
      notExpectedContent: ["onload"],
      check: (r) => expect(r.json.error.field).toBe("settings.launcher.icon"),
    },
    {
      name: "a whole branding: stored, shown, and nothing else of the workspace changed",
      request: patch(BRAND),
      status: 200,
      check: (r) => expect(r.json.workspace.settings).toMatchObject({ ...BRAND, theme: "auto", survey: null }),
    },
  ]);

  test("a refused patch writes nothing: the earlier branding stays", async () => {
    const w = await makeAdminWorld();
    expect((await w.t.admin(patch(BRAND)(w))).status).toBe(200);
    expect((await w.t.admin(patch({ greeting: "New", brandColor: "blue" })(w))).status).toBe(422);
    expect((await w.t.admin({ path: ws(w.acme) })).json.workspace.settings).toMatchObject(BRAND);
  });

  test("the session answer carries the branding; null clears a field", async () => {
    const w = await makeAdminWorld();
    const before = await w.t.session({});
    expect(before.json.settings).not.toHaveProperty("brandColor");
    expect(before.json.settings).not.toHaveProperty("launcher");
    expect((await w.t.admin(patch(BRAND)(w))).status).toBe(200);
    const after = await w.t.session({});
    expect(after.json.settings).toMatchObject(BRAND);
    expect(Object.keys(after.json.settings).sort()).toEqual(["brandColor", "greeting", "identity", "launcher", "survey", "theme", "ticketForms"]);
    expect(after.text).not.toContain('"ai"');
    expect((await w.t.admin(patch({ brandColor: null, greeting: null })(w))).status).toBe(200);
    const cleared = await w.t.session({});
    expect(cleared.json.settings).not.toHaveProperty("brandColor");
    expect(cleared.json.settings).not.toHaveProperty("greeting");
    expect(cleared.json.settings.launcher).toEqual(BRAND.launcher);
  });
});
