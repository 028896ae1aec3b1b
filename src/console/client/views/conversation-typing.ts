// Typing both ways in a conversation: "Visitor is typing…" under the thread, and the operator's own typing sent on.
import { admin } from "../admin";
import { h } from "../dom";

/** typingLine is the "Visitor is typing…" line; show() keeps it up for a few seconds past the last signal. */
export function typingLine() {
  const el = h("p", { class: "typing-line muted", "aria-live": "polite", hidden: true }, "Visitor is typing…");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hide = () => (clearTimeout(timer), (el.hidden = true));
  return {
    el,
    // note: signals come at most every 2 s while the visitor types, so 5 s of silence means they stopped.
    show() {
      el.hidden = false;
      clearTimeout(timer);
      timer = setTimeout(hide, 5000);
    },
    hide,
  };
}

/** typingSender tells the visitor an operator is writing, at most every 2 s (the server relays no more often). */
export function typingSender(id: string) {
  let at = 0;
  return () => {
    if (Date.now() - at < 2000) return;
    at = Date.now();
    admin.typing(id).catch(() => undefined);
  };
}
