// Files in a conversation: images inline and other files as chips in the thread; the composer's attach
// button, drop and paste; uploads at send time. Every name is visitor-supplied and shown as text.
import { admin, type Attachment } from "../admin";
import { h, mount } from "../dom";
import { icon } from "./icons";

const IMAGES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/** size says a file's size in B, KB or MB. */
export const fileSize = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${Math.round(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`);

// note: the url works with the console's session cookie (same origin); an image opens full size in a
// new tab, where the server's sandbox policy and nosniff keep it an image.
/** attachmentList shows a message's files: images inline (a link to the full size), the rest as download chips. */
export function attachmentList(list?: Attachment[]) {
  if (!list?.length) return null;
  return h(
    "ul",
    { class: "files" },
    list.map((a) =>
      h(
        "li",
        null,
        IMAGES.includes(a.contentType)
          ? h("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", class: "file-image", title: a.name }, h("img", { src: a.url, alt: a.name, loading: "lazy" }))
          : h("a", { href: a.url, download: a.name, class: "file-chip" }, icon("file", 15), h("span", { class: "clamp" }, a.name), h("small", null, fileSize(a.size))),
      ),
    ),
  );
}

/** filePicker is the composer's attach button and the chips of the files waiting to be sent. */
export function filePicker(conversationId: string) {
  let files: File[] = [];
  const chips = h("ul", { class: "file-chips", "aria-label": "Files to send" });
  const input = h("input", { type: "file", multiple: true, hidden: true, tabindex: -1, "aria-label": "Attach files", onChange: () => (add([...(input.files ?? [])]), (input.value = "")) });
  const button = h("button", { type: "button", class: "btn btn-ghost btn-sm", "aria-label": "Attach files", onClick: () => input.click() }, icon("clip", 16), "Attach");
  function show() {
    mount(chips, files.map((f, i) => h("li", { class: "file-chip" }, h("span", { class: "clamp" }, f.name), h("small", null, fileSize(f.size)), h("button", { type: "button", class: "btn-icon", "aria-label": `Remove ${f.name}`, onClick: () => (files.splice(i, 1), show()) }, "×"))));
  }
  /** add queues files (at most 10, as a reply takes). */
  function add(more: File[]) {
    files = [...files, ...more].slice(0, 10);
    show();
  }
  return {
    chips,
    button: h("span", null, button, input),
    add,
    count: () => files.length,
    /** upload stores the waiting files and returns their ids; the chips stay until clear(), so a failure can be retried. */
    upload: () => twoAtATime(files, (f) => admin.upload(conversationId, f)),
    clear: () => ((files = []), show()),
  };
}

// note: the server reads at most two uploads of one operator at a time (more are 429), so files go two by two.
async function twoAtATime(files: File[], send: (f: File) => Promise<string>): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      ids[i] = await send(files[i]!);
    }
  };
  await Promise.all([lane(), lane()]);
  return ids;
}
