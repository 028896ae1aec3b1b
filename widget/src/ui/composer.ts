// The composer: Enter sends, Shift+Enter adds a line, and the box grows with its text (no inline styles).
import { h, icon, ICONS } from "./dom";
import { t } from "./i18n";

/** createComposer returns the composer form; onSend gets the trimmed text. */
export function createComposer(onSend: (body: string) => void, draft = "") {
  const input = h("textarea", {
    rows: 1,
    maxLength: 5000,
    placeholder: t("Write a message…"),
    "aria-label": t("Message"),
    value: draft,
    oninput: () => grow(),
    onkeydown: (e: KeyboardEvent) => {
      // note: isComposing keeps Enter free for input methods that use it to pick a word.
      if (e.key == "Enter" && !e.shiftKey && !e.isComposing) e.preventDefault(), submit();
    },
  });
  const grow = () => (input.rows = Math.min(5, input.value.split("\n").length));
  const submit = () => {
    const body = input.value.trim();
    if (!body) return;
    input.value = "";
    grow();
    onSend(body);
  };
  const el = h(
    "form",
    { class: "composer", onsubmit: (e: Event) => (e.preventDefault(), submit()) },
    input,
    h("button", { class: "send", type: "submit", "aria-label": t("Send message") }, icon(ICONS.send)),
  );
  grow();
  return { el, input };
}
