// The survey prompt shown under a closed conversation: CSAT (1–5) or NPS (0–10), with an optional comment.
// A tapped score is sent at once (the latest only) and kept in this browser, so a reload shows it; the comment follows into the same response.
import { h } from "./dom";
import type { Nav } from "./shell";
import { t } from "./i18n";

const CSAT = () => ["Terrible", "Bad", "Okay", "Good", "Great"].map((x) => t(x));

/** surveyView asks for a score (showing one already given); it reports survey_view while unanswered and posts to /csat. */
export function surveyView(nav: Nav, conversationId: string, kind: "csat" | "nps"): HTMLElement {
  const { rt } = nav;
  const nps = kind == "nps";
  const key = "woes:survey:" + conversationId;
  // note: "4" is a recorded score, "4!" one whose comment was sent too; storage failures leave the prompt working.
  let kept = "";
  try {
    kept = localStorage.getItem(key) || "";
  } catch {}
  // note: a finished survey's mark ("4!") is final; a tap answered later never writes over it.
  const keep = (v: string) => {
    try {
      if (!localStorage.getItem(key)?.endsWith("!")) localStorage.setItem(key, v);
    } catch {}
  };
  let score = kept ? parseInt(kept) : -1;
  const done = kept.endsWith("!");
  const question = nps
    ? t("How likely are you to recommend {name} to a friend or colleague?", { name: rt.s.session?.workspace.name || "us" })
    : t("How would you rate this conversation?");
  const press = () => buttons.forEach((b, j) => b.setAttribute("aria-pressed", "" + ((nps ? j : j + 1) == score)));
  const fail = () => (error.textContent = t("Your feedback could not be sent. Please try again."));
  // note: one tap is sent at a time and only the latest waiting one follows, so an earlier tap (retried
  // or slow) never lands after a later one.
  let recorded = score,
    want = -1,
    sending = false,
    flight = Promise.resolve();
  // note: flight is the running send, so Send feedback waits for a tap still in flight.
  const sendLatest = () => (sending ? flight : (flight = tapLoop()));
  const tapLoop = async () => {
    sending = true;
    while (want >= 0) {
      const value = want;
      want = -1;
      try {
        await rt.call("csat", { conversationId, kind, score: value }, 3);
        recorded = value;
        keep("" + value);
        thanks.textContent = t("Thanks for your feedback!");
        submit.disabled = false;
      } catch {
        if (want < 0 && score == value) (score = recorded), press(), fail();
      }
    }
    sending = false;
  };
  const buttons = Array.from({ length: nps ? 11 : 5 }, (_, i) => {
    const value = nps ? i : i + 1;
    return h(
      "button",
      {
        type: "button",
        disabled: done,
        "aria-label": nps ? t("{n} out of 10", { n: "" + value }) : t("{n} out of 5, {label}", { n: "" + value, label: CSAT()[i]! }),
        onclick: () => {
          score = want = value;
          press();
          error.textContent = "";
          sendLatest();
        },
      },
      "" + value,
    );
  });
  press();
  const comment = h("textarea", { id: "woes-survey-comment", rows: 2, maxLength: 2000 });
  const error = h("p", { class: "err", role: "alert" });
  const thanks = h("p", { role: "status" }, kept ? t("Thanks for your feedback!") : "");
  const submit = h("button", { class: "primary", type: "submit", disabled: score < 0 }, t("Send feedback"));
  const more = h("div", null, h("div", { class: "field" }, h("label", { for: "woes-survey-comment" }, t("Anything to add? (optional)")), comment), error, submit);
  const el = h(
    "form",
    {
      class: "notice survey",
      "aria-labelledby": "woes-survey-q",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        submit.disabled = true;
        await flight;
        // note: a tap refused meanwhile says so already; the visitor taps again before sending.
        if (error.textContent) submit.disabled = score < 0;
        if (score < 0 || error.textContent) return;
        const text = comment.value.trim();
        // note: the score is recorded already; a comment updates that same response.
        if (text) {
          try {
            await rt.call("csat", { conversationId, kind, score, comment: text }, 3);
          } catch {
            return fail(), (submit.disabled = false);
          }
        }
        keep(score + "!");
        buttons.forEach((b) => (b.disabled = true));
        more.remove();
        thanks.textContent = t("Thanks for your feedback!");
      },
    },
    h("p", { id: "woes-survey-q" }, question),
    h("div", { class: "scores", role: "group", "aria-labelledby": "woes-survey-q" }, buttons),
    h("div", { class: "ends", "aria-hidden": "true" }, h("span", null, nps ? t("Not likely") : CSAT()[0]), h("span", null, nps ? t("Very likely") : CSAT()[4])),
    thanks,
    done ? null : more,
  );
  if (!kept) rt.track("survey_view", conversationId, { kind });
  return el;
}
