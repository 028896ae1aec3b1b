// Data rights on a conversation's details: export what is stored about its customer, or erase it (admins only).
import { del, get } from "../api";
import type { VisitorInfo } from "../admin";
import { h, toast } from "../dom";
import { canManage, navigate } from "../state";
import { card, errorText } from "./parts";

/** subjectPath is the contact's route for a verified visitor, else the anonymous visitor's. */
const subjectPath = (v: VisitorInfo) => (v.contactId ? `/api/admin/contacts/${encodeURIComponent(v.contactId)}` : `/api/admin/visitors/${encodeURIComponent(v.id)}`);

/** dataRightsCard offers Export and Delete for the conversation's customer; null for operators. */
export function dataRightsCard(v: VisitorInfo | null | undefined) {
  if (!v || !canManage()) return null;
  const who = v.contactId ? "contact" : "visitor";
  const exportButton = h("button", { class: "btn", type: "button", "data-testid": "export-data" }, "Export data");
  const deleteButton = h("button", { class: "btn btn-danger", type: "button", "data-testid": "delete-data" }, `Delete ${who}`);
  exportButton.addEventListener("click", async () => {
    try {
      const data = await get(`${subjectPath(v)}/export`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = h("a", { href: url, download: `woes-${v.contactId ?? v.id}.json` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      toast(errorText(e), "error");
    }
  });
  deleteButton.addEventListener("click", async () => {
    const name = v.email ?? v.name ?? "this visitor";
    if (!confirm(`Delete ${name} for good? Every conversation, message, note, event and survey answer of this ${who} is erased. This cannot be undone.`)) return;
    try {
      await del(subjectPath(v));
      toast(`Deleted ${name} and all their data.`);
      navigate("/admin/inbox");
    } catch (e) {
      toast(errorText(e), "error");
    }
  });
  return card("Data rights", h("p", { class: "muted" }, `Export or erase everything stored about this ${who}.`), h("div", { class: "row-actions" }, exportButton, deleteButton));
}
