// The Account page and the Team additions in real Chromium against dist/woes: password and email changes need
// the current password, other sessions are signed out, owners change roles, pending invites are revoked.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { consoleFetch, consoleSuite, fieldError, OWNER, SIGNED_OUT, T, watch } from "./console-kit";

const t = consoleSuite();
beforeAll(() => t.start({ setup: true }), 180_000);
afterAll(() => t.stop(), T);

test("Account: sign out other sessions, change the password (checked) and the email", async () => {
  const { server, page, watched } = t;
  const laptop = await (await t.context()).newPage();
  await laptop.goto(`${server.url}/admin/login`);
  await laptop.fill('input[name="email"]', OWNER.email);
  await laptop.fill('input[name="password"]', OWNER.password);
  await laptop.click('button[type="submit"]');
  await laptop.waitForURL(`${server.url}/admin/inbox`);

  await page.getByRole("link", { name: "Account" }).click();
  await page.getByRole("heading", { name: "Account" }).waitFor();
  expect(await page.getByTestId("session-count").textContent()).toBe("2");
  await page.getByTestId("end-others").click();
  await page.getByText("Signed out 1 other session(s)").waitFor();
  await laptop.reload();
  await laptop.getByRole("heading", { name: "Sign in" }).waitFor();

  const passwordCard = page.locator("section.card", { hasText: "New password" });
  await passwordCard.locator('input[name="currentPassword"]').fill("not my password");
  await passwordCard.locator('input[name="password"]').fill("a brand new passphrase");
  await passwordCard.getByRole("button", { name: "Change password" }).click();
  await fieldError(passwordCard, "currentPassword").getByText("current password is not right").waitFor();
  await passwordCard.locator('input[name="currentPassword"]').fill(OWNER.password);
  await passwordCard.locator('input[name="password"]').fill("a brand new passphrase");
  await passwordCard.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Password changed").waitFor();

  const emailCard = page.locator("section.card", { hasText: "New email" });
  await emailCard.locator('input[name="email"]').fill("olivia@new-acme.test");
  await emailCard.locator('input[name="currentPassword"]').fill("a brand new passphrase");
  await emailCard.getByRole("button", { name: "Change email" }).click();
  await page.getByText("Your email is now olivia@new-acme.test").waitFor();
  const login = await consoleFetch(laptop, "POST", "/api/console/login", { email: "olivia@new-acme.test", password: "a brand new passphrase" });
  expect(login.status).toBe(200);
  expect(watched.unexpected([[401, /\/api\/console\/me\/password$/]])).toEqual([]);
}, 60_000);

test("Team: pending invites are listed and revoked; an owner changes a member's role", async () => {
  const { server, page } = t;
  await page.getByRole("link", { name: "Team" }).click();
  await page.getByRole("heading", { name: "Team" }).waitFor();
  await page.getByTestId("pending-invites").getByText("No pending invites").waitFor();
  await page.click('form.form button[type="submit"]');
  const first = (await page.getByTestId("invite-url").textContent())!;
  await page.getByTestId("pending-invites").getByRole("button", { name: "Revoke" }).waitFor();
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("pending-invites").getByRole("button", { name: "Revoke" }).click();
  await page.getByTestId("pending-invites").getByText("No pending invites").waitFor();
  expect((await fetch(`${server.url}/api/console/links/${first.split("/").pop()}`)).status).toBe(404);

  await page.click('form.form button[type="submit"]');
  await page.waitForFunction((old) => document.querySelector('[data-testid="invite-url"]')?.textContent !== old, first);
  const second = (await page.getByTestId("invite-url").textContent())!;
  const other = await (await t.context()).newPage();
  const otherWatch = watch(other, "operator");
  await other.goto(second);
  await other.fill('input[name="name"]', "Oscar Operator");
  await other.fill('input[name="email"]', "oscar@acme.test");
  await other.fill('input[name="password"]', "oscar's passphrase");
  await other.click('button[type="submit"]');
  await other.waitForURL(`${server.url}/admin/inbox`);
  await page.reload();
  const select = page.getByRole("combobox", { name: "Role of Oscar Operator" });
  await select.selectOption("admin");
  await page.getByText("Oscar Operator is now admin").waitFor();
  const members = (await consoleFetch(page, "GET", `/api/console/workspaces/${server.workspaceId}/members`)).json.members;
  expect(members.find((m: any) => m.email === "oscar@acme.test").role).toBe("admin");
  expect(otherWatch.unexpected([SIGNED_OUT])).toEqual([]);
}, 60_000);
