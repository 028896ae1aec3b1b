// Forgotten passwords: the page that mails a reset link, and the page a reset link opens.
import { post } from "../api";
import { h, mount } from "../dom";
import type { Me } from "../state";
import { card, enter } from "./auth";

/** forgotView asks for the account's email and mails it a reset link when SMTP is set. */
export function forgotView(root: HTMLElement) {
  mount(
    root,
    card("Reset your password", "Enter your account's email. We mail it a link that sets a new password.", [
      { name: "email", label: "Email", type: "email", autocomplete: "username" },
    ], "Mail me a link", async (v) => {
      await post("/api/console/password/forgot", { email: v.email });
      const form = root.querySelector("form")!;
      form.replaceChildren(
        h("p", { class: "form-note", role: "status" }, `If ${v.email} has an account, a link is on its way; it works once, for one hour. No mail? Ask the owner of this Woes server to run: woes account reset-password ${v.email}`),
        h("a", { class: "btn btn-primary btn-block", href: "/admin/login", "data-link": true }, "Back to sign in"),
      );
    }),
  );
}

/** resetView sets a new password from a reset link and signs in; every other session of the account ends. */
export function resetView(root: HTMLElement, token: string) {
  mount(
    root,
    card("Choose a new password", "This link works once. Setting a password signs your account out everywhere else.", [
      { name: "password", label: "New password", type: "password", autocomplete: "new-password", hint: "At least 10 characters." },
    ], "Set password and sign in", async (v) => enter(await post<Me>("/api/console/password/reset", { token, password: v.password }))),
  );
}
