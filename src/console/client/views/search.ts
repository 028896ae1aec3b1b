// The inbox's search box: full-text search over the workspace, results linking to their conversations.
import { get, qs } from "../api";
import { h, mount, timeAgo } from "../dom";
import { navigate } from "../state";
import { badge, errorText } from "./parts";

/** SearchResult is one hit of GET /api/admin/search. */
export interface SearchResult {
  kind: "message" | "visitor" | "conversation";
  conversationId: string;
  visitorId?: string;
  messageId?: string;
  internal?: boolean;
  snippet: string;
  at: string;
  name: string | null;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/** highlighted turns the server's escaped snippet into text nodes and <mark> elements, never parsing it as HTML. */
export function highlighted(snippet: string): Node[] {
  const nodes: Node[] = [];
  let marked = false;
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    if (!part) continue;
    const text = document.createTextNode(part.replace(/&(amp|lt|gt|quot);/g, (e) => ENTITIES[e]!));
    nodes.push(marked ? h("mark", null, text) : text);
  }
  return nodes;
}

const KIND = { message: "Message", visitor: "Visitor", conversation: "Fields" } as const;

/** searchBox is a search field whose results open under it; Escape or an empty box closes them. */
export function searchBox(workspace: string): HTMLElement {
  const input = h("input", { type: "search", class: "search-input", placeholder: "Search messages, people, fields", "aria-label": "Search conversations", autocomplete: "off", maxlength: "200" });
  const panel = h("div", { class: "search-results", role: "region", "aria-label": "Search results", "aria-live": "polite", hidden: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const close = () => void ((panel.hidden = true), mount(panel));
  const row = (r: SearchResult) =>
    h(
      "li",
      null,
      h(
        "a",
        { href: `/admin/inbox/${encodeURIComponent(r.conversationId)}`, "data-link": true, class: "search-hit", onClick: () => close() },
        h("span", { class: "search-kind" }, badge(r.internal ? "Note" : KIND[r.kind], r.internal ? "warn" : "neutral"), h("strong", { class: "search-who" }, r.name ?? "Anonymous visitor"), h("time", null, timeAgo(r.at))),
        h("span", { class: "search-snippet" }, highlighted(r.snippet)),
      ),
    );

  async function run() {
    const q = input.value.trim();
    if (!q) return close();
    const mine = ++asked;
    try {
      const { results } = await get<{ results: SearchResult[] }>(`/api/admin/search${qs({ workspace, q })}`);
      if (mine !== asked) return;
      mount(panel, results.length ? h("ul", { class: "search-list" }, results.map(row)) : h("p", { class: "muted search-none" }, `Nothing matches “${q}”.`));
    } catch (e) {
      mount(panel, h("p", { class: "search-none" }, errorText(e)));
    }
    panel.hidden = false;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 180);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape") return void ((input.value = ""), close());
    if (e.key === "Enter") {
      e.preventDefault();
      const first = panel.querySelector<HTMLAnchorElement>(".search-hit");
      if (first) navigate(first.getAttribute("href")!), close();
    }
    if (e.key === "ArrowDown") panel.querySelector<HTMLElement>(".search-hit")?.focus(), e.preventDefault();
  });
  panel.addEventListener("keydown", (e) => {
    const hits = [...panel.querySelectorAll<HTMLElement>(".search-hit")];
    const at = hits.indexOf(document.activeElement as HTMLElement);
    if (e.key === "Escape") return void (close(), input.focus());
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const next = at + (e.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : hits[Math.min(hits.length - 1, next)])?.focus();
  });
  return h("div", { class: "search", role: "search" }, input, panel);
}
