// Account: the signed-in operator's email and password (each needs the current password), other sessions,
// and whether new and waiting conversations come by mail.
import { get, post } from "../api";
import { api } from "../api";
import { h, mount, toast } from "../dom";
import { setMe, state } from "../state";
import type { Controller } from "../main";
import { clearFieldErrors, showFieldErrors } from "./form-errors";
import { card, errorText, field } from "./parts";
import { pageHeader } from "./shell";
import { alertsCard } from "./account-alerts";
import type { AlertPrefs } from "../alerts";

interface Account {
  name: string;
  email: string;
  mailNotify: boolean;
  sessions: number;
  mailEnabled: boolean;
}

/** form builds a small form whose submit runs act and reports its outcome. */
function form(fields: HTMLElement[], submit: string, act: (values: Record<string, string>, el: HTMLFormElement) => Promise<string>) {
  const error = h("p", { class: "form-error", role: "alert" });
  const el = h("form", { class: "form", novalidate: true }, fields, error, h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, submit)));
  el.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      toast(await act(Object.fromEntries([...new FormData(el)].map(([k, v]) => [k, String(v)])), el));
      clearFieldErrors(el);
      el.reset();
    } catch (err) {
      showFieldErrors(el, err, error);
    }
  });
  return el;
}

const input = (name: string, type: string, autocomplete: string) => h("input", { name, type, autocomplete, required: true });

/** accountView renders the Account page. */
export async function accountView(page: HTMLElement): Promise<Controller | void> {
  const [a, alerts] = await Promise.all([get<Account>("/api/console/me/account"), get<{ alerts: AlertPrefs }>("/api/console/me/alerts")]);
  const sessions = h("span", { "data-testid": "session-count" }, String(a.sessions));
  const notify = h("input", { type: "checkbox", checked: a.mailNotify, disabled: !a.mailEnabled, "data-testid": "mail-notify" });
  notify.addEventListener("change", async () => {
    await api("PUT", "/api/console/me/mail-notify", { on: notify.checked });
    toast(notify.checked ? "You will get new conversations by mail" : "No more mail for new conversations");
  });
  mount(
    page,
    pageHeader("Account", `Signed in as ${a.email}.`),
    card("Email", form([field("New email", input("email", "email", "username")), field("Current password", input("currentPassword", "password", "current-password"))], "Change email", async (v) => {
      const r = await post<{ email: string }>("/api/console/me/email", v);
      setMe({ ...state.me!, user: { ...state.me!.user, email: r.email } });
      return `Your email is now ${r.email}`;
    })),
    card("Password", form([field("Current password", input("currentPassword", "password", "current-password")), field("New password", input("password", "password", "new-password"), "At least 10 characters. Your other sessions end.")], "Change password", async (v) => {
      await api("POST", "/api/console/me/password", v);
      sessions.textContent = "1";
      return "Password changed; other sessions were signed out";
    })),
    card("Sessions", h("p", { class: "muted" }, "Signed in on ", sessions, " browser(s), this one included."), h("button", { class: "btn", type: "button", "data-testid": "end-others", onClick: async () => {
      try {
        const r = await post<{ ended: number }>("/api/console/me/sessions/end-others", {});
        sessions.textContent = "1";
        toast(`Signed out ${r.ended} other session(s)`);
      } catch (e) {
        toast(errorText(e), "error");
      }
    } }, "Sign out other sessions")),
    card("Mail", h("label", { class: "check" }, notify, " Mail me new conversations and conversations waiting for a person"), a.mailEnabled ? null : h("p", { class: "muted small" }, "This server sends no mail (no --smtp-url).")),
    alertsCard(alerts.alerts),
  );
}
