// An agent's sources: the list with passage counts, delete, and adding one by paste or by file upload.
import { agentsApi, type Source } from "../agents";
import { h, mount, timeAgo, toast } from "../dom";
import { clearFieldErrors, showFieldErrors } from "./form-errors";
import { card, errorText, field, safeUrl } from "./parts";

const ACCEPT = ".md,.markdown,.txt,.html,.htm,text/markdown,text/plain,text/html";
const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? "" : "s"}`;

/** sourcesCard lists and edits the sources of agent agentId in workspace ws. */
export function sourcesCard(ws: string, agentId: string) {
  const list = h("ul", { class: "source-list", "aria-label": "Sources" }, h("li", { class: "muted" }, "Loading…"));
  let fresh = "";

  function row(src: Source) {
    const href = safeUrl(src.url);
    const remove = h("button", { class: "btn btn-danger btn-sm", type: "button" }, "Delete");
    let armed: ReturnType<typeof setTimeout> | undefined;
    // note: a first click arms the button and a second deletes, so one stray click loses nothing.
    remove.addEventListener("click", async () => {
      if (!armed) {
        remove.textContent = "Delete for good?";
        armed = setTimeout(() => ((armed = undefined), (remove.textContent = "Delete")), 4000);
        return;
      }
      clearTimeout(armed);
      remove.disabled = true;
      try {
        await agentsApi.removeSource(ws, agentId, src.id);
        toast(`Deleted “${src.title}”`);
        await load();
      } catch (e) {
        toast(errorText(e), "error");
        remove.disabled = false;
      }
    });
    return h(
      "li",
      { class: `source${src.id === fresh ? " fresh" : ""}`, "data-id": src.id },
      h(
        "div",
        { class: "source-main" },
        href ? h("a", { href, target: "_blank", rel: "noopener noreferrer", class: "clamp" }, src.title) : h("strong", { class: "clamp" }, src.title),
        h("small", { class: "muted" }, h("span", { class: "passage-count" }, plural(src.chunks, "passage")), ` · ${plural(src.chars, "character")} · added ${timeAgo(src.createdAt)}`, href ? "" : " · internal: used, never named to visitors"),
      ),
      remove,
    );
  }

  async function load() {
    try {
      const sources = await agentsApi.sources(ws, agentId);
      mount(list, sources.length ? sources.map(row) : h("li", { class: "muted" }, "No sources yet. Add your help pages, policies or FAQ: the agent answers from them."));
    } catch (e) {
      mount(list, h("li", { class: "form-error" }, errorText(e)));
    }
  }

  const title = h("input", { name: "title", maxlength: 200, placeholder: "Shipping and returns" });
  const url = h("input", { name: "url", type: "url", placeholder: "https://help.example.com/shipping" });
  const text = h("textarea", { name: "text", rows: 8, placeholder: "Paste text, Markdown or HTML…" });
  const file = h("input", { name: "file", type: "file", accept: ACCEPT });
  const error = h("p", { class: "form-error", role: "alert" });
  const submit = h("button", { class: "btn btn-primary", type: "submit" }, "Add source");
  let mode: "paste" | "upload" = "paste";
  const tabs = (["paste", "upload"] as const).map((m) => h("button", { class: "tab", type: "button", role: "tab", "data-mode": m, onClick: () => setMode(m) }, m === "paste" ? "Paste text" : "Upload a file"));
  const pasteField = field("Text", text, "Headings stay with their passages. Up to 1 MiB.");
  const fileField = field("File", file, ".md, .txt or .html, up to 1 MiB.");
  function setMode(m: typeof mode) {
    mode = m;
    for (const t of tabs) t.setAttribute("aria-selected", String(t.dataset.mode === m));
    pasteField.hidden = m !== "paste";
    fileField.hidden = m !== "upload";
    title.required = m === "paste";
  }
  const form = h(
    "form",
    { class: "form source-form", novalidate: true },
    h("div", { class: "tabs", role: "tablist", "aria-label": "How to add" }, tabs),
    h("div", { class: "form-row" }, field("Title", title, "Upload: the file name when left empty."), field("Public link", url, "Optional. Visitors see it under answers; without one the source is internal.")),
    pasteField,
    fileField,
    error,
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const chosen = file.files?.[0];
    if (mode === "upload" && !chosen) return void (error.textContent = "Choose a .md, .txt or .html file.");
    if (mode === "paste" && !text.value.trim()) return void (error.textContent = "Paste the text to add.");
    submit.disabled = true;
    try {
      const name = title.value.trim() || chosen?.name.replace(/\.[^.]+$/, "") || "";
      let added: Source;
      if (mode === "paste") added = await agentsApi.addText(ws, agentId, { title: name, text: text.value, ...(url.value.trim() ? { url: url.value.trim() } : {}) });
      else {
        const body = new FormData();
        body.set("file", chosen!);
        body.set("title", name);
        if (url.value.trim()) body.set("url", url.value.trim());
        added = await agentsApi.upload(ws, agentId, body);
      }
      fresh = added.id;
      clearFieldErrors(form);
      form.reset();
      toast(`Added “${added.title}”: ${plural(added.chunks, "passage")}`);
      await load();
    } catch (err) {
      showFieldErrors(form, err, error);
    } finally {
      submit.disabled = false;
    }
  });
  setMode("paste");
  void load();
  return card("Sources", h("p", { class: "muted" }, "What the agent knows. Each source is split into passages; the best ones for a question are what it answers from."), list, h("h3", { class: "small-title" }, "Add a source"), form);
}
