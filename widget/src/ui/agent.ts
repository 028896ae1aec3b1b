// What an agent adds to a thread: typing dots, the answer streaming in, its sources, and "Talk to a person".
import type { Author, Conversation, Message } from "../types";
import type { Nav } from "./shell";
import { authorName, avatar, h, safeUrl } from "./dom";
import { t } from "./i18n";

/** sourceLinks lists an answer's public sources as links (new tab, no referrer, no follow). */
export function sourceLinks(m: Pick<Message, "sources">) {
  const links = (m.sources || []).map((s) => {
    const href = safeUrl(s.url);
    return href && h("li", null, h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, s.title || href));
  });
  return links.some(Boolean) && h("ul", { class: "src", "aria-label": t("Sources") }, links);
}

/** createPending is the row at the end of a thread while a reply is being written: dots, then the text so far. */
export function createPending(nav: Nav, log: HTMLElement, stick: () => void) {
  const s = nav.rt.s;
  let row: HTMLElement | null = null;
  let bubble: HTMLElement;
  let timer: ReturnType<typeof setTimeout>;

  /** show puts the row at the end for author (dots until text comes); a silence of 35 s removes it. */
  function show(author: Author, text?: string) {
    if (!row) {
      const name = authorName({ author }, s);
      bubble = h("div", { class: "bubble" });
      row = h("li", { class: "msg pending" }, h("span", { class: "who" }, avatar(name, author.avatarUrl || (author.kind == "agent" ? s.session?.agent?.avatarUrl : ""), "mini"), name), bubble);
      log.querySelector(".intro")?.remove();
    }
    // note: the text so far replaces the dots; it is text, never HTML (the final message linkifies it).
    const dots = h("span", { class: "dots", role: "img", "aria-label": "typing" }, h("i"), h("i"), h("i"));
    // note: a person's typing says who, in words; an agent's answer follows its dots at once.
    bubble.replaceChildren(text != null ? text : author.kind == "operator" ? h("span", { class: "typing" }, dots, authorName({ author }, s) + " is typing\u2026") : dots);
    log.append(row);
    stick();
    clearTimeout(timer);
    // note: an operator's typing is relayed at most every 2 s; an agent streams for up to 30 s.
    timer = setTimeout(clear, author.kind == "agent" ? 35e3 : 6e3);
  }

  /** clear removes the row; the final message takes its place. */
  function clear() {
    clearTimeout(timer);
    row?.remove();
    row = null;
  }

  return {
    show,
    clear,
    /** keep moves the row back to the end after another message was appended. */
    keep: () => row && log.append(row),
  };
}

/** handoffButton is "Talk to a person", shown while the agent has the conversation. */
export function handoffButton(nav: Nav, id: () => string | null | undefined) {
  const button: HTMLButtonElement = h("button", {
    class: "handoff",
    type: "button",
    hidden: true,
    onclick: () => {
      button.disabled = true;
      nav.rt.call<{ conversation: Conversation }>("messages/handoff", { conversationId: id() }, 3).then(
        (r) => (nav.rt.upsert(r.conversation), nav.shell.view?.update?.("conversation")),
        () => {},
      ).finally(() => (button.disabled = false));
    },
  }, t("Talk to a person"));
  return button;
}
