// A forgotten password in real Chromium against dist/woes and a real SMTP server: "Forgot password?" on the
// sign-in page mails a link; the link's page sets a new password, signs in, and ends the other sessions.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startSmtp } from "../helpers/smtp";
import { consoleSuite, fieldError, OWNER, SIGNED_OUT, T, watch } from "./console-kit";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
const t = consoleSuite();
beforeAll(async () => {
  smtp = await startSmtp();
  await t.start({ setup: true, args: ["--smtp-url", smtp.url, "--mail-from", "console@acme.test"] });
}, 180_000);
afterAll(async () => {
  await t.stop();
  await smtp?.stop();
}, T);

test("Forgot password? mails a one-time link; its page sets the password, signs in and signs the old session out", async () => {
  const { server } = t;
  const other = await (await t.context()).newPage();
  const watched = watch(other, "forgot");
  await other.goto(`${server.url}/admin/login`);
  await other.getByRole("link", { name: "Forgot password?" }).click();
  await other.getByRole("heading", { name: "Reset your password" }).waitFor();
  await other.fill('input[name="email"]', OWNER.email);
  await other.click('button[type="submit"]');
  await other.getByRole("status").getByText("a link is on its way").waitFor();
  const mail = await smtp.waitFor((m) => m.to.includes(OWNER.email));
  expect(mail.from).toBe("console@acme.test");
  const link = /(http:\/\/\S+\/admin\/reset\/[0-9A-Za-z]{32})/.exec(mail.text)![1]!;

  await other.goto(link);
  await other.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await other.fill('input[name="password"]', "short");
  await other.click('button[type="submit"]');
  await fieldError(other, "password").getByText("Password must be at least 10 characters.").waitFor();
  await other.fill('input[name="password"]', "a fresh new passphrase");
  await other.click('button[type="submit"]');
  await other.waitForURL(`${server.url}/admin/inbox`);

  // the owner's earlier session is over: a reload shows the sign-in page
  await t.page.reload();
  await t.page.getByRole("heading", { name: "Sign in" }).waitFor();
  // the link worked once
  await other.goto(link);
  await other.fill('input[name="password"]', "yet another passphrase");
  await other.click('button[type="submit"]');
  await other.getByRole("alert").getByText("not valid any more").waitFor();
  expect(watched.unexpected([SIGNED_OUT, [422, /password\/reset$/], [404, /password\/reset$/]])).toEqual([]);
}, 60_000);
