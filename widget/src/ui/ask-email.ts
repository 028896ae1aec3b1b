// The email prompt: after the first message, when nobody is online to answer and no email is known, the
// messenger offers to mail the reply; the address goes through the unsigned identify (never a verified one).
import type { Runtime } from "../types";
import { h } from "./dom";

/** wantsEmail tells whether to ask: no email known, no agent answering, and no operator online. */
export const wantsEmail = (rt: Runtime) => {
  const session = rt.s.session;
  return !!session && !session.visitor.email && !session.agent && (session.settings as { availability?: { online?: boolean } }).availability?.online != true;
};

/** askEmail is the "Get notified by email" form; a valid address is sent with identify. */
export function askEmail(): HTMLElement {
  const input = h("input", { type: "email", name: "email", autocomplete: "email", placeholder: "you@example.com", "aria-describedby": "woes-ask-err" });
  const err = h("p", { class: "err", id: "woes-ask-err", role: "alert" });
  const form: HTMLElement = h(
    "form",
    {
      class: "field ask",
      novalidate: true,
      onsubmit(e: Event) {
        e.preventDefault();
        const email = input.value.trim();
        const ok = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length < 255;
        input.setAttribute("aria-invalid", String(!ok));
        if (!ok) return (err.textContent = "Enter an email address like name@example.com.");
        (window as any).Woes("identify", { email });
        form.replaceChildren(h("p", { class: "sys" }, `We will email you at ${email} when we reply.`));
      },
    },
    h("label", null, "Get notified by email", input),
    err,
    h("button", { class: "primary", type: "submit" }, "Notify me"),
  );
  return form;
}
