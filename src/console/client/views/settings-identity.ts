// Identity verification: reveal and rotate the identity secret, the enforcement switch, HMAC and JWT recipes.
import { admin, type Workspace } from "../admin";
import { clock, copyText, h, mount, toast } from "../dom";
import { card, errorText } from "./parts";

const HMAC: [string, string][] = [
  ["Node", `const crypto = require("node:crypto");\nconst emailHash = crypto.createHmac("sha256", process.env.WOES_IDENTITY_SECRET)\n  .update(user.email).digest("hex");`],
  ["Python", `import hmac, hashlib, os\nemail_hash = hmac.new(os.environ["WOES_IDENTITY_SECRET"].encode(),\n  user.email.encode(), hashlib.sha256).hexdigest()`],
  ["Ruby", `email_hash = OpenSSL::HMAC.hexdigest("SHA256", ENV["WOES_IDENTITY_SECRET"], user.email)`],
  ["PHP", `$emailHash = hash_hmac("sha256", $user->email, getenv("WOES_IDENTITY_SECRET"));`],
  ["Go", `mac := hmac.New(sha256.New, []byte(os.Getenv("WOES_IDENTITY_SECRET")))\nmac.Write([]byte(user.Email))\nemailHash := hex.EncodeToString(mac.Sum(nil))`],
];
const PAGE_HMAC = `window.Woes("identify", {\n  email: "ada@example.com",   // exactly the string you hashed\n  name: "Ada Lovelace",\n  email_hash: "<emailHash from your server>",\n});`;
const jwtRecipe = (workspaceId: string) =>
  `import { SignJWT } from "jose";\nconst jwt = await new SignJWT({ email: user.email, name: user.name })\n  .setProtectedHeader({ alg: "HS256" })\n  .setSubject(user.id)\n  .setAudience("${workspaceId}")\n  .setIssuedAt()\n  .setExpirationTime("1h")   // at most 24 h\n  .sign(new TextEncoder().encode(process.env.WOES_IDENTITY_SECRET));\n\n// in the page:\nwindow.Woes("identify", { jwt });`;

function recipes(workspaceId: string) {
  const code = h("code");
  const tabs = HMAC.map(([lang, text], i) => {
    const b = h("button", { type: "button", class: "tab", role: "tab", "aria-selected": String(i === 0), onClick: () => pick(i) }, lang);
    return [b, text] as const;
  });
  const pick = (i: number) => {
    tabs.forEach(([b], j) => b.setAttribute("aria-selected", String(i === j)));
    code.textContent = tabs[i]![1];
  };
  pick(0);
  return [
    card("HMAC email proof", h("p", null, "On your server, sign the customer's email with the identity secret, then pass the hash to the page."), h("div", { class: "tabs", role: "tablist" }, tabs.map(([b]) => b)), h("pre", { class: "code", tabindex: 0 }, code), h("pre", { class: "code", tabindex: 0 }, h("code", null, PAGE_HMAC))),
    card("JWT (HS256)", h("p", null, "Or mint a short-lived token. Claims: ", h("code", null, "sub"), " or ", h("code", null, "email"), ", optional ", h("code", null, "name"), " and ", h("code", null, "company"), "; ", h("code", null, "exp"), " is required."), h("pre", { class: "code", tabindex: 0 }, h("code", null, jwtRecipe(workspaceId)))),
  ];
}

/** identityCards renders the secret, the switch and the recipes for a workspace into host. */
export function identityCards(host: HTMLElement, ws: Workspace, saved: (ws: Workspace) => void) {
  const secret = h("code", { class: "secret", "data-testid": "identity-secret" }, "sk_id_••••••••••••••••••••");
  const grace = h("p", { class: "muted small" });
  const reveal = h("button", { class: "btn btn-secondary btn-sm", type: "button" }, "Reveal");
  const copy = h("button", { class: "btn btn-secondary btn-sm", type: "button", hidden: true }, "Copy");
  const rotate = h("button", { class: "btn btn-danger btn-sm", type: "button" }, "Rotate");
  const show = (value: string, until?: string | null) => {
    secret.textContent = value;
    copy.hidden = false;
    reveal.hidden = true;
    grace.textContent = until ? `The previous secret keeps working until ${clock(until)}, so you can redeploy without signing anyone out.` : "";
  };
  reveal.addEventListener("click", async () => {
    try {
      const r = await admin.identitySecret(ws.id);
      show(r.identitySecret, r.previousValidUntil);
    } catch (e) {
      toast(errorText(e), "error");
    }
  });
  copy.addEventListener("click", async () => (await copyText(secret.textContent ?? "")) && toast("Secret copied"));
  const rotateNow = h("button", { class: "btn btn-danger btn-sm", type: "button", "data-testid": "rotate-revoke" }, "Rotate and revoke now");
  const rotation = (revokePrevious: boolean) => async () => {
    const question = revokePrevious
      ? "Make a new identity secret and stop the current one now? Use this when it leaked: visitors verified with it must identify again with the new one."
      : "Make a new identity secret? The current one keeps working for the grace period, then stops.";
    if (!confirm(question)) return;
    try {
      const r = await admin.rotateSecret(ws.id, revokePrevious);
      show(r.identitySecret, r.previousValidUntil);
      if (revokePrevious) grace.textContent = "The previous secret no longer works.";
      toast(revokePrevious ? "Identity secret rotated; the old one is revoked" : "Identity secret rotated");
    } catch (e) {
      toast(errorText(e), "error");
    }
  };
  rotate.addEventListener("click", rotation(false));
  rotateNow.addEventListener("click", rotation(true));
  const enforce = h("input", { type: "checkbox", role: "switch", checked: ws.settings.identity === "required" });
  enforce.addEventListener("change", async () => {
    try {
      saved(await admin.updateWorkspace(ws.id, { settings: { identity: enforce.checked ? "required" : "optional" } }));
      toast(enforce.checked ? "Only verified identities are accepted" : "Unsigned identities are accepted");
    } catch (e) {
      enforce.checked = !enforce.checked;
      toast(errorText(e), "error");
    }
  });
  mount(
    host,
    card("Identity secret", h("p", null, "Keep it on your server: it signs your customers' identities. Never put it in a page."), h("div", { class: "secret-row" }, secret, reveal, copy, rotate, rotateNow), grace),
    card(null, h("label", { class: "switch" }, enforce, h("span", { class: "switch-track", "aria-hidden": "true" }), h("span", null, h("strong", null, "Require verified identities"), h("small", { class: "muted" }, "When on, identify calls without an email_hash or jwt are refused, so nobody can claim to be one of your customers.")))),
    recipes(ws.id),
  );
}
