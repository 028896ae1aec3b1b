// Attachments in the messenger: upload a picked, dropped or pasted file; show images inline and other files as downloads.
// note: an attachment is fetched with the visitor's headers and shown from a blob: URL, so no page of
// the server's origin is ever opened and the token never travels in a URL.
import type { Message, Runtime } from "../types";
import { h } from "./dom";

type Attachment = NonNullable<Message["attachments"]>[number];

const IMAGES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/** route turns an attachment's url into one under the snippet's data-api (a proxied path keeps working). */
const route = (rt: Runtime, a: Attachment) => rt.url(a.url.slice(a.url.lastIndexOf("attachments/")));

/** upload stores a file in the conversation and returns its id; a refusal throws the server's status and error (field "file"). */
export async function upload(rt: Runtime, conversationId: string, file: File): Promise<string> {
  const form = new FormData();
  form.append("conversationId", conversationId);
  form.append("file", file, file.name);
  const res = await fetch(rt.url("attachments"), { method: "POST", headers: rt.headers(), body: form });
  if (!res.ok) throw { status: res.status, ...(await res.json().catch(() => 0))?.error };
  return (await res.json()).attachment.id;
}

/** uploadAll stores files two at a time (the server reads at most two of a visitor's at once) into ids, by index:
 *  a file with an id already is not sent again, and the first failure stops both lanes (a retry sends the rest);
 *  check throws before each file when it must not go out (the visitor changed). */
export async function uploadAll(rt: Runtime, conversationId: string, files: File[], ids: string[], check: () => void): Promise<string[]> {
  let next = 0,
    failed = false,
    error: unknown;
  const lane = async () => {
    while (!failed && next < files.length) {
      const i = next++;
      if (ids[i]) continue;
      try {
        check();
        ids[i] = await upload(rt, conversationId, files[i]!);
      } catch (e) {
        (failed = true), (error = e);
      }
    }
  };
  // note: both lanes end before the failure is reported, so a quick Retry never uploads a file still on its way.
  await Promise.all([lane(), lane()]);
  if (failed) throw error;
  return ids;
}

const blobUrl = async (rt: Runtime, a: Attachment) => {
  const res = await fetch(route(rt, a), { headers: rt.headers() });
  if (!res.ok) throw 0;
  return URL.createObjectURL(await res.blob());
};

/** size says a file's size in B, KB or MB. */
export const size = (n: number) => (n < 1024 ? n + " B" : n < 1048576 ? Math.round(n / 1024) + " KB" : (n / 1048576).toFixed(1) + " MB");

/** attachmentList shows a message's files: images inline (click to enlarge), the rest as download links; names are text. */
export function attachmentList(rt: Runtime, list?: Attachment[]) {
  if (!list?.length) return null;
  return h(
    "ul",
    { class: "atts" },
    list.map((a) => {
      if (IMAGES.includes(a.contentType)) {
        const img = h("img", { alt: a.name, class: "att-img" });
        // note: a decoded image keeps showing once its blob: URL is revoked, so the bytes are let go at once.
        img.onload = img.onerror = () => URL.revokeObjectURL(img.src);
        blobUrl(rt, a).then((src) => (img.src = src), () => img.replaceWith(a.name));
        return h("li", null, h("button", { type: "button", class: "att-btn", "aria-label": a.name, onclick: () => img.classList.toggle("big") }, img));
      }
      const link = h("a", { href: "#", class: "file", download: a.name }, a.name, h("small", null, " " + size(a.size)));
      // note: the second click of a double click, or a click while the bytes are still coming, starts no second download.
      let busy = false;
      link.onclick = async (e) => {
        if (e.detail > 1) return e.preventDefault();
        if (link.href.startsWith("blob:")) return;
        e.preventDefault();
        if (busy) return;
        busy = true;
        link.href = await blobUrl(rt, a).catch(() => "#");
        busy = false;
        if (!link.href.startsWith("blob:")) return;
        link.click();
        // note: a minute for the download to take the bytes, then they are let go (a later click fetches again).
        setTimeout(() => (URL.revokeObjectURL(link.href), (link.href = "#")), 6e4);
      };
      return h("li", null, link);
    }),
  );
}
