// Small things found on a walk through the console, as scenarios: the server root leads to the console,
// agent avatars are https only, a select needs options, a key's origins can be changed.
import { describe, expect } from "bun:test";
import { scenarios, type Scenario } from "../../helpers/builders";
import { asUser, makeAdminWorld } from "./fixture";

type W = Awaited<ReturnType<typeof makeAdminWorld>>;
const ws = (w: W) => `/api/admin/workspaces/${w.acme}`;
const form = (field: Record<string, unknown>) => ({ settings: { ticketForms: [{ key: "bug", title: "Report a bug", fields: [{ key: "what_happened", label: "What happened?", required: true, ...field }] }] } });

const rows: Scenario<W>[] = [
  { name: "GET / leads to the console", request: () => ({ path: "/" }), status: 302, check: (r) => expect(r.headers.get("location")).toBe("/admin") },
  {
    name: "an http avatar is refused, saying why",
    request: (w) => asUser(w.admin, { path: `${ws(w)}/agents`, body: { name: "Bot", avatarUrl: "http://cdn.example/bot.png" } }),
    status: 422,
    expectedContent: ['"field":"avatarUrl"', "an https image URL (http images do not load on https sites)"],
  },
  { name: "an https avatar is kept", request: (w) => asUser(w.admin, { path: `${ws(w)}/agents`, body: { name: "Bot", avatarUrl: "https://cdn.example/bot.png" } }), status: 201, expectedContent: ["https://cdn.example/bot.png"] },
  {
    name: "a select with no options is refused",
    request: (w) => asUser(w.admin, { method: "PATCH", path: ws(w), body: form({ type: "select", options: [] }) }),
    status: 422,
    expectedContent: ['"field":"settings.ticketForms.0.fields.0.options"', "A select field needs at least one option."],
  },
  { name: "a select with options is kept", request: (w) => asUser(w.admin, { method: "PATCH", path: ws(w), body: form({ type: "select", options: ["Crash", "Typo"] }) }), status: 200, expectedContent: ["Crash"] },
  {
    name: "a conversation's ticket carries its fields' labels",
    setup: async (w) => {
      await w.t.call(asUser(w.admin, { method: "PATCH", path: ws(w), body: form({ type: "textarea" }) }));
      const { send, visitor } = await import("../../helpers/builders");
      const v = await visitor(w.t);
      const r = await send(w.t, v, { body: "ticket", ticket: { form: "bug", fields: { what_happened: "It broke" } } });
      (w as any).ticket = r.json.conversation.id;
    },
    request: (w) => asUser(w.operator, { path: `/api/admin/conversations/${(w as any).ticket}` }),
    status: 200,
    expectedContent: ['"labels":{"what_happened":"What happened?"}'],
  },
  {
    name: "an admin changes a key's allowed origins",
    request: (w) => asUser(w.admin, { method: "PATCH", path: `${ws(w)}/keys/${w.t.ws.publicKey}`, body: { allowedOrigins: ["https://shop.example", "https://shop.example"] } }),
    status: 200,
    expectedContent: ['"allowedOrigins":["https://shop.example"]'],
    check: async (_, w) => {
      const refused = await w.t.call({ path: "/api/widget/session", key: w.t.ws.publicKey, body: {}, headers: { origin: "https://elsewhere.example" } });
      expect(refused.status).toBe(403);
    },
  },
  { name: "an origin that is not one is refused", request: (w) => asUser(w.admin, { method: "PATCH", path: `${ws(w)}/keys/${w.t.ws.publicKey}`, body: { allowedOrigins: ["not a url"] } }), status: 422, expectedContent: ["an origin such as https://example.com"] },
  { name: "an operator may not change origins", request: (w) => asUser(w.operator, { method: "PATCH", path: `${ws(w)}/keys/${w.t.ws.publicKey}`, body: { allowedOrigins: [] } }), status: 403 },
  { name: "another workspace's key is not found", request: (w) => asUser(w.admin, { method: "PATCH", path: `${ws(w)}/keys/${w.other.publicKey}`, body: { allowedOrigins: [] } }), status: 404 },
];

describe("rough edges", () => {
  scenarios(makeAdminWorld, rows);
});

describe("rough edges: avatars on this machine", () => {
  scenarios(makeAdminWorld, [
    { name: "an http avatar on localhost is kept, for local trials", request: (w) => asUser(w.admin, { path: `${ws(w)}/agents`, body: { name: "Bot", avatarUrl: "http://localhost:8080/bot.png" } }), status: 201 },
    { name: "a javascript: avatar is refused", request: (w) => asUser(w.admin, { path: `${ws(w)}/agents`, body: { name: "Bot", avatarUrl: "javascript:alert(1)" } }), status: 422 },
  ]);
});
