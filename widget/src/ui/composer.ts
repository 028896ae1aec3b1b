// The composer: Enter sends, Shift+Enter adds a line, and the box grows with its text (no inline styles);
// files come from the attach button, a drop or a paste and wait as chips until sent.
import { h, icon, ICONS } from "./dom";
import { t } from "./i18n";

/** createComposer returns the composer form; onSend gets the trimmed text and the files waiting. */
export function createComposer(onSend: (body: string, files: File[]) => void, draft = "") {
  let files: File[] = [];
  const chips = h("ul", { class: "chips" });
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
    // note: a pasted image (a screenshot) becomes a file; pasted text stays text.
    onpaste: (e: ClipboardEvent) => {
      const pasted = [...(e.clipboardData?.files || [])];
      if (pasted.length) e.preventDefault(), add(pasted);
    },
  });
  const picker = h("input", { type: "file", multiple: true, hidden: true, tabIndex: -1, "aria-label": t("Attach a file"), onchange: () => (add([...(picker.files || [])]), (picker.value = "")) });
  const grow = () => (input.rows = Math.min(5, input.value.split("\n").length));
  const show = () =>
    chips.replaceChildren(
      ...files.map((f, i) =>
        h("li", null, f.name, h("button", { type: "button", "aria-label": t("Remove file") + ": " + f.name, onclick: () => (files.splice(i, 1), show()) }, "×")),
      ),
    );
  /** add queues files to send with the next message (at most 10, as the server takes). */
  const add = (more: File[]) => {
    files = [...files, ...more].slice(0, 10);
    show();
    input.focus();
  };
  const submit = () => {
    const body = input.value.trim();
    if (!body && !files.length) return;
    input.value = "";
    grow();
    onSend(body, files);
    files = [];
    show();
  };
  const el = h(
    "form",
    { class: "composer", onsubmit: (e: Event) => (e.preventDefault(), submit()) },
    chips,
    h("button", { class: "clip", type: "button", "aria-label": t("Attach a file"), onclick: () => picker.click() }, icon(ICONS.clip)),
    picker,
    input,
    h("button", { class: "send", type: "submit", "aria-label": t("Send message") }, icon(ICONS.send)),
  );
  grow();
  return { el, input, add };
}
