// Validation answers name every invalid field at once, in sentences a person reads ("Name is required."),
// keeping the contract's shape: `field` is the first, and `fields` lists them all when there are several.
import { describe, expect } from "bun:test";
import { as, scenarios, type Scenario } from "../helpers/builders";
import { asToken, asUser, makeAdminWorld } from "./admin/fixture";

const SECRET_PASSWORD = "hunter2xyz";

const world = makeAdminWorld;
type W = Awaited<ReturnType<typeof world>>;

const fieldsOf = (r: { json: any }) => (r.json.error.fields ?? []).map((f: { field: string }) => f.field);

const rows: Scenario<W>[] = [
  {
    name: "an invite accepted with no name, a bad email and a short password: all three named, name first",
    request: () => ({ path: "/api/console/invites/accept", body: { token: "any", name: "  ", email: "not an email", password: "hunter2" } }),
    status: 422,
    code: "invalid_field",
    expectedContent: ['"field":"name"', "Name is required.", "Email must be an email address.", "Password must be at least 10 characters."],
    notExpectedContent: ["Field name is invalid", "is invalid:", "hunter2", "not an email"],
    check: (r) => expect(fieldsOf(r)).toEqual(["name", "email", "password"]),
  },
  {
    name: "an empty setup form: every missing field is required",
    request: () => ({ path: "/api/console/setup", body: {} }),
    status: 422,
    expectedContent: ["Token is required.", "Name is required.", "Email is required.", "Password is required."],
    check: (r) => expect(fieldsOf(r)).toEqual(["token", "name", "email", "password"]),
  },
  {
    name: "a password change with a short new password and no current one",
    request: (w) => asUser(w.owner, { path: "/api/console/me/password", body: { password: "short" } }),
    status: 422,
    expectedContent: ["Current password is required.", "Password must be at least 10 characters."],
    check: (r) => expect(fieldsOf(r)).toEqual(["currentPassword", "password"]),
  },
  {
    name: "workspace settings with a bad colour and an unknown theme: both named under settings",
    request: (w) => asUser(w.admin, { method: "PATCH", path: `/api/admin/workspaces/${w.acme}`, body: { name: "", settings: { theme: "neon", brandColor: "red" } } }),
    status: 422,
    expectedContent: ["Name is required.", "Theme must be one of light, dark, auto.", "Brand colour must be a colour as #rrggbb."],
    notExpectedContent: ["neon", '"red"'],
    check: (r) => expect(fieldsOf(r)).toEqual(["name", "settings.theme", "settings.brandColor"]),
  },
  {
    name: "one bad field: a plain error without a list",
    request: (w) => asToken(w.t.adminToken, { path: "/api/admin/workspaces", body: { name: " " } }),
    status: 422,
    expectedContent: ['{"error":{"code":"invalid_field","message":"Name is required.","field":"name"}}'],
    notExpectedContent: ['"fields"'],
  },
  {
    name: "a widget session with a page URL and a locale of the wrong type: both named",
    request: (w) => as(w.a, { path: "/api/widget/session", key: w.t.ws.publicKey, body: { page: { url: 3 }, locale: 5 } }),
    status: 422,
    expectedContent: ["URL must be text.", "Locale must be text."],
    check: (r) => expect(fieldsOf(r)).toEqual(["page.url", "locale"]),
  },
  {
    name: "a secret in a bad field is never quoted back",
    request: () => ({ path: "/api/console/invites/accept", body: { token: "any", name: "Ann", email: SECRET_PASSWORD, password: SECRET_PASSWORD.slice(0, 6) } }),
    status: 422,
    notExpectedContent: [SECRET_PASSWORD, SECRET_PASSWORD.slice(0, 6)],
    check: (r) => expect(fieldsOf(r)).toEqual(["email", "password"]),
  },
];

describe("validation answers list every invalid field", () => {
  scenarios(world, rows);
});
