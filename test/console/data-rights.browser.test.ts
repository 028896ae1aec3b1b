// Data rights in the console, in real Chromium against dist/woes: an owner exports a customer's data from the
// conversation's details and deletes it after confirming; an operator sees no such buttons.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { consoleFetch, consoleSuite, T } from "./console-kit";
import { visitor } from "./seed";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

test("Export data downloads everything about the visitor; Delete asks first, then erases it", async () => {
  const { server, page, watched } = t;
  const anna = await visitor(server, { name: "Anna Erase", email: "anna.erase@shop.test" });
  const conversationId = await anna.send("Please forget me after this, order #7781");
  const keep = await visitor(server, { name: "Kim Keep" });
  const kept = await keep.send("I stay");
  await page.goto(`${server.url}/admin/inbox/${conversationId}`);
  await page.getByText("Please forget me after this").first().waitFor();

  const download = page.waitForEvent("download");
  await page.getByTestId("export-data").click();
  const file = await (await download).path();
  const data = JSON.parse(readFileSync(file!, "utf8"));
  expect(data.visitors[0]).toMatchObject({ id: anna.id, email: "anna.erase@shop.test", name: "Anna Erase" });
  expect(data.conversations[0].messages.map((m: any) => m.body)).toEqual(["Please forget me after this, order #7781"]);
  expect(JSON.stringify(data)).not.toContain("I stay");

  // dismissing the confirmation changes nothing
  page.once("dialog", (d) => void d.dismiss());
  await page.getByTestId("delete-data").click();
  await page.waitForTimeout(300);
  expect((await consoleFetch(page, "GET", `/api/admin/conversations/${conversationId}`)).status).toBe(200);
  let asked = "";
  page.once("dialog", (d) => void ((asked = d.message()), d.accept()));
  await page.getByTestId("delete-data").click();
  await page.waitForURL(`${server.url}/admin/inbox`);
  expect(asked).toContain("anna.erase@shop.test");
  expect(asked).toContain("cannot be undone");
  expect((await consoleFetch(page, "GET", `/api/admin/conversations/${conversationId}`)).status).toBe(404);
  expect((await consoleFetch(page, "GET", `/api/admin/conversations/${kept}`)).status).toBe(200);
  // note: only the check above asked for the erased conversation.
  expect(watched.unexpected([[404, new RegExp(`/api/admin/conversations/${conversationId}$`)]])).toEqual([]);
}, T);

test("an operator sees no data-rights buttons, and the API refuses them", async () => {
  const { server, page } = t;
  const made = await consoleFetch(page, "POST", "/api/console/invites", { workspaceId: server.workspaceId, role: "operator" });
  const other = await (await t.context()).newPage();
  await other.goto(made.json.url);
  await other.fill('input[name="name"]', "Otto Operator");
  await other.fill('input[name="email"]', "otto@acme.test");
  await other.fill('input[name="password"]', "an operator passphrase");
  await other.click('button[type="submit"]');
  await other.waitForURL(`${server.url}/admin/inbox`);
  const bo = await visitor(server, { name: "Bo Visitor" });
  const conversationId = await bo.send("Hello from Bo");
  await other.goto(`${server.url}/admin/inbox/${conversationId}`);
  await other.getByText("Hello from Bo").first().waitFor();
  expect(await other.getByTestId("delete-data").count()).toBe(0);
  expect((await consoleFetch(other, "DELETE", `/api/admin/visitors/${bo.id}`)).status).toBe(403);
  expect((await consoleFetch(other, "GET", `/api/admin/visitors/${bo.id}/export`)).status).toBe(403);
}, T);
