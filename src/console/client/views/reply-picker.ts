// The composer's saved-reply picker: `/` at the start of a word opens it, typing filters it, the arrows
// move, Enter inserts the reply in place of `/word`, Escape closes it.
import { get } from "../api";
import { h, mount } from "../dom";

/** SavedReply is one of a workspace's canned answers. */
export interface SavedReply {
  id: string;
  title: string;
  body: string;
}

let seq = 0;

/** replyPicker attaches the picker to a composer's textarea and returns the list element to place above it. */
export function replyPicker(text: HTMLTextAreaElement, workspace: string): HTMLElement {
  const id = `reply-picker-${++seq}`;
  const list = h("ul", { class: "reply-picker", id, role: "listbox", "aria-label": "Saved replies", hidden: true });
  let replies: SavedReply[] | null = null;
  let shown: SavedReply[] = [];
  let active = 0;
  let start = -1;
  text.setAttribute("aria-controls", id);
  text.setAttribute("aria-autocomplete", "list");
  // note: no aria-expanded: a textarea cannot be a combobox, and a textbox may not carry it; the open list is
  // its aria-controls target, and the active option its aria-activedescendant.

  const close = () => {
    list.hidden = true;
    start = -1;
    text.removeAttribute("aria-activedescendant");
  };
  // note: the slash counts only at the start of the text or after a space or a line break, so URLs and "and/or" do not open it.
  const token = () => {
    const upto = text.value.slice(0, text.selectionStart ?? text.value.length);
    const m = /(^|\s)\/([^\s/]*)$/.exec(upto);
    return m ? { at: upto.length - m[2]!.length - 1, query: m[2]!.toLowerCase() } : null;
  };

  function draw() {
    const option = (r: SavedReply, i: number) =>
      h(
        "li",
        { id: `${id}-${i}`, role: "option", class: "reply-option", "aria-selected": String(i === active), onMousedown: (e: Event) => (e.preventDefault(), insert(r)) },
        h("strong", null, r.title),
        h("span", { class: "muted clamp" }, r.body),
      );
    mount(list, shown.length ? shown.map(option) : h("li", { class: "reply-none muted" }, replies?.length ? "No saved reply matches." : "No saved replies yet: admins add them in Settings → Saved replies."));
    list.hidden = false;
    if (shown.length) text.setAttribute("aria-activedescendant", `${id}-${active}`);
    list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }

  async function update() {
    const t = token();
    if (!t) return close();
    start = t.at;
    replies ??= await get<{ savedReplies: SavedReply[] }>(`/api/admin/workspaces/${encodeURIComponent(workspace)}/saved-replies`).then((r) => r.savedReplies, () => []);
    if (token()?.at !== t.at) return;
    shown = replies.filter((r) => r.title.toLowerCase().includes(t.query) || r.body.toLowerCase().includes(t.query)).slice(0, 50);
    active = Math.min(active, Math.max(0, shown.length - 1));
    draw();
  }

  function insert(r: SavedReply) {
    const end = text.selectionStart ?? text.value.length;
    text.value = text.value.slice(0, start) + r.body + text.value.slice(end);
    const caret = start + r.body.length;
    text.setSelectionRange(caret, caret);
    close();
    text.focus();
  }

  text.addEventListener("input", () => void update());
  text.addEventListener("blur", () => setTimeout(() => document.activeElement !== text && close(), 100));
  text.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    if (e.key in moves && shown.length) {
      active = (active + moves[e.key]! + shown.length) % shown.length;
      draw();
    } else if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && shown[active]) insert(shown[active]!);
    else if (e.key === "Escape") close();
    else return;
    // note: the composer's own keys (Escape leaves it, Ctrl+Enter sends) wait until the picker is closed.
    e.preventDefault();
    e.stopImmediatePropagation();
  });
  return list;
}
