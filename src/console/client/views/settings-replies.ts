// Settings → Saved replies: canned answers operators insert with `/` in the composer.
import { del, get, patch, post } from "../api";
import { h, mount, toast } from "../dom";
import { showFieldErrors } from "./form-errors";
import { card, errorText, field } from "./parts";
import type { SavedReply } from "./reply-picker";
import type { Section } from "./settings";

function replyForm(reply: Partial<SavedReply>, save: (r: { title: string; body: string }) => Promise<void>, cancel?: () => void) {
  const title = h("input", { name: "title", value: reply.title ?? "", maxlength: 80, placeholder: "Refund policy" });
  const body = h("textarea", { name: "body", rows: 4, maxlength: 5000, placeholder: "Refunds reach your card within 5 working days." }, reply.body ?? "");
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h(
    "form",
    { class: "form", novalidate: true },
    field("Title", title, "What operators type after / to find it."),
    field("Reply", body),
    error,
    h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, reply.id ? "Save reply" : "Add reply"), cancel ? h("button", { class: "btn btn-secondary", type: "button", onClick: cancel }, "Cancel") : null),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      await save({ title: title.value, body: body.value });
    } catch (err) {
      showFieldErrors(form, err, error);
    }
  });
  return form;
}

/** repliesSection lists the workspace's saved replies, edits and deletes them in place, and adds new ones. */
export const repliesSection: Section = async (host, ws) => {
  const base = `/api/admin/workspaces/${encodeURIComponent(ws.id)}/saved-replies`;
  let replies: SavedReply[] = [];
  const reload = async () => {
    replies = (await get<{ savedReplies: SavedReply[] }>(base)).savedReplies;
    draw();
  };
  const remove = async (r: SavedReply) => {
    if (!confirm(`Delete the saved reply “${r.title}”?`)) return;
    try {
      await del(`${base}/${encodeURIComponent(r.id)}`);
      toast("Saved reply deleted");
      await reload();
    } catch (e) {
      toast(errorText(e), "error");
    }
  };
  function row(r: SavedReply) {
    const li = h(
      "li",
      { class: "saved-reply" },
      h("div", { class: "saved-reply-main" }, h("strong", null, r.title), h("p", { class: "muted" }, r.body)),
      h("div", { class: "actions" }, h("button", { class: "btn btn-secondary btn-sm", type: "button", onClick: () => mount(li, replyForm(r, async (body) => {
        await patch(`${base}/${encodeURIComponent(r.id)}`, body);
        toast("Saved reply changed");
        await reload();
      }, draw)) }, "Edit"), h("button", { class: "btn btn-danger btn-sm", type: "button", "aria-label": `Delete ${r.title}`, onClick: () => void remove(r) }, "Delete")),
    );
    return li;
  }
  function draw() {
    mount(
      host,
      card("Saved replies", replies.length ? h("ul", { class: "saved-replies" }, replies.map(row)) : h("p", { class: "muted" }, "No saved replies yet. Add the answers your team types most.")),
      card("New saved reply", replyForm({}, async (body) => {
        await post(base, body);
        toast("Saved reply added");
        await reload();
      })),
    );
  }
  await reload();
};
