// The survey prompt shown under a closed conversation: CSAT (1–5) or NPS (0–10), with an optional comment.
import { h } from "./dom";
import type { Nav } from "./shell";
import { t } from "./i18n";

const CSAT = () => ["Terrible", "Bad", "Okay", "Good", "Great"].map((x) => t(x));
const done = (id: string) => "woes:survey:" + id;

/** answered tells whether this browser already rated the conversation, so the prompt is not repeated. */
export function answered(id: string): boolean {
  try {
    return !!localStorage.getItem(done(id));
  } catch {
    return false;
  }
}

/** surveyView asks for a score; it reports survey_view once and posts to /csat. */
export function surveyView(nav: Nav, conversationId: string, kind: "csat" | "nps"): HTMLElement {
  const { rt } = nav;
  const nps = kind == "nps";
  const question = nps
    ? t("How likely are you to recommend {name} to a friend or colleague?", { name: rt.s.session?.workspace.name || "us" })
    : t("How would you rate this conversation?");
  let score = -1;
  const buttons = Array.from({ length: nps ? 11 : 5 }, (_, i) => {
    const value = nps ? i : i + 1;
    return h(
      "button",
      {
        type: "button",
        "aria-pressed": "false",
        "aria-label": nps ? t("{n} out of 10", { n: "" + value }) : t("{n} out of 5, {label}", { n: "" + value, label: CSAT()[i]! }),
        onclick: () => {
          score = value;
          buttons.forEach((b, j) => b.setAttribute("aria-pressed", "" + (j == i)));
          submit.disabled = false;
        },
      },
      "" + value,
    );
  });
  const comment = h("textarea", { id: "woes-survey-comment", rows: 2, maxLength: 2000 });
  const error = h("p", { class: "err", role: "alert" });
  const submit = h("button", { class: "primary", type: "submit", disabled: true }, t("Send feedback"));
  const el = h(
    "form",
    {
      class: "notice survey",
      "aria-labelledby": "woes-survey-q",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (score < 0) return;
        submit.disabled = true;
        try {
          await rt.call("csat", { conversationId, kind, score, comment: comment.value.trim() || undefined }, 3);
          localStorage.setItem(done(conversationId), "" + score);
        } catch (err: any) {
          if (err?.status !== undefined) return (error.textContent = t("Your feedback could not be sent. Please try again.")), (submit.disabled = false);
          // note: a storage failure after a successful send still counts as sent.
        }
        el.replaceChildren(h("p", { role: "status" }, t("Thanks for your feedback!")));
      },
    },
    h("p", { id: "woes-survey-q" }, question),
    h("div", { class: "scores", role: "group", "aria-labelledby": "woes-survey-q" }, buttons),
    h("div", { class: "ends", "aria-hidden": "true" }, h("span", null, nps ? t("Not likely") : CSAT()[0]), h("span", null, nps ? t("Very likely") : CSAT()[4])),
    h("div", { class: "field" }, h("label", { for: "woes-survey-comment" }, t("Anything to add? (optional)")), comment),
    error,
    submit,
  );
  rt.track("survey_view", conversationId, { kind });
  return el;
}
