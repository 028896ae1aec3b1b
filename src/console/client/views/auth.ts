// Sign-in, first-run setup and invite pages: centered cards that end in a signed-in console.
import { ApiError, get, post, setCsrf } from "../api";
import { h, mount } from "../dom";
import { navigate, setMe, type Me } from "../state";
import { logo } from "./icons";
import { showFieldErrors } from "./form-errors";

type Field = { name: string; label: string; type?: string; autocomplete?: string; hint?: string; value?: string };

/** card is a centered auth form: title, lead, fields and one submit button. */
export function card(title: string, lead: string, fields: Field[], submit: string, onSubmit: (values: Record<string, string>) => Promise<void>) {
  const error = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { class: "btn btn-primary btn-block", type: "submit" }, submit);
  const form = h(
    "form",
    { class: "auth-form", novalidate: true },
    fields.map((f) =>
      h(
        "label",
        { class: "field" },
        h("span", null, f.label),
        h("input", { name: f.name, type: f.type ?? "text", autocomplete: f.autocomplete, required: !f.hint, value: f.value }),
        f.hint ? h("small", null, f.hint) : null,
      ),
    ),
    error,
    button,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    button.disabled = true;
    const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
    try {
      await onSubmit(values);
    } catch (err) {
      showFieldErrors(form, err, error);
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "auth" }, h("div", { class: "auth-card" }, logo(), h("h1", null, title), h("p", { class: "muted" }, lead), form));
}

/** enter signs the console in as me and goes to next. */
export async function enter(me: Me, next = "/admin/inbox") {
  setCsrf(me.csrfToken);
  setMe(me);
  navigate(next.startsWith("/admin") ? next : "/admin/inbox", { replace: true });
}

/** loginView is the sign-in page. */
export function loginView(root: HTMLElement) {
  const next = new URLSearchParams(location.search).get("next") ?? "/admin/inbox";
  mount(
    root,
    card("Sign in", "Welcome back to your Woes inbox.", [
      { name: "email", label: "Email", type: "email", autocomplete: "username" },
      { name: "password", label: "Password", type: "password", autocomplete: "current-password" },
    ], "Sign in", async (v) => enter(await post<Me>("/api/console/login", { email: v.email, password: v.password }), next)),
  );
  root.querySelector("form")!.append(h("a", { class: "auth-link", href: "/admin/forgot", "data-link": true }, "Forgot password?"));
}

type LinkInfo = { kind: "setup" | "invite"; role: string; workspaceName?: string };

/** linkInfo tells what a link is for, or the error code that says why it does not work. */
async function linkInfo(token: string): Promise<LinkInfo | { dead: string }> {
  try {
    return await get<LinkInfo>(`/api/console/links/${encodeURIComponent(token)}`);
  } catch (err) {
    return { dead: err instanceof ApiError ? err.code : "error" };
  }
}

// note: a setup link can never be replaced once an owner exists, so its page never says "ask for a new one".
const DEAD: Record<string, [string, string]> = {
  already_set_up: ["This console is already set up", "Its owner account exists, so setup links no longer work. Sign in with your account."],
  setup: ["This setup link has expired", "Setup links last 24 hours. Run woes account setup-link on the server for a fresh one, or sign in if you have an account."],
  invite: ["This invite link has expired", "It was used already or it is older than it may be. Ask for a new one, or sign in if you have an account."],
};

function deadLink(root: HTMLElement, what: string) {
  const [title, lead] = DEAD[what]!;
  mount(root, h("div", { class: "auth" }, h("div", { class: "auth-card" }, logo(), h("h1", null, title),
    h("p", { class: "muted" }, lead),
    h("a", { class: "btn btn-primary btn-block", href: "/admin/login", "data-link": true }, "Go to sign in"))));
}

/** setupView creates the owner's account from the first-run link. */
export async function setupView(root: HTMLElement, token: string) {
  const info = await linkInfo(token);
  if ("dead" in info || info.kind !== "setup") return deadLink(root, "dead" in info && info.dead === "already_set_up" ? "already_set_up" : "setup");
  mount(
    root,
    card("Set up Woes", "Create the owner account. This link works once.", [
      { name: "name", label: "Your name", autocomplete: "name" },
      { name: "email", label: "Email", type: "email", autocomplete: "username" },
      { name: "password", label: "Password", type: "password", autocomplete: "new-password", hint: "At least 10 characters." },
      { name: "workspaceName", label: "Workspace name", hint: "Shown to visitors in the messenger. You can change it later.", value: "My workspace" },
    ], "Create owner account", async (v) => enter(await post<Me>("/api/console/setup", { token, ...v }), "/admin/settings/install")),
  );
}

/** inviteView lets an invited operator join a workspace. */
export async function inviteView(root: HTMLElement, token: string) {
  const info = await linkInfo(token);
  if ("dead" in info || info.kind !== "invite") return deadLink(root, "invite");
  mount(
    root,
    card(`Join ${info.workspaceName ?? "the workspace"}`, `You were invited as ${info.role}. Already have an account? Use its email and password.`, [
      { name: "name", label: "Your name", autocomplete: "name" },
      { name: "email", label: "Email", type: "email", autocomplete: "username" },
      { name: "password", label: "Password", type: "password", autocomplete: "new-password", hint: "At least 10 characters." },
    ], "Join workspace", async (v) => enter(await post<Me>("/api/console/invites/accept", { token, ...v }))),
  );
}
