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

/** Waiting is a file beside the reply; id is set once it is stored, so a retry sends only the rest. */
export interface Waiting {
  file: File;
  id?: string;
}

/** filePicker is the composer's attach button and the chips of the files waiting to be sent. */
export function filePicker(conversationId: string) {
  let files: Waiting[] = [];
  let busy = false;
  const chips = h("ul", { class: "file-chips", "aria-label": "Files to send" });
  const input = h("input", { type: "file", multiple: true, hidden: true, tabindex: -1, "aria-label": "Attach files", onChange: () => (add([...(input.files ?? [])]), (input.value = "")) });
  const button = h("button", { type: "button", class: "btn btn-ghost btn-sm", "aria-label": "Attach files", onClick: () => input.click() }, icon("clip", 16), "Attach");
  function show() {
    // note: while an upload runs, its files stay put; files added meanwhile wait for the next reply.
    const remove = (w: Waiting) => () => ((files = files.filter((x) => x !== w)), show());
    mount(chips, files.map((w) => h("li", { class: "file-chip" }, h("span", { class: "clamp" }, w.file.name), h("small", null, fileSize(w.file.size)), h("button", { type: "button", class: "btn-icon", "aria-label": `Remove ${w.file.name}`, disabled: busy, onClick: remove(w) }, "×"))));
  }
  /** add queues files (at most 10, as a reply takes). */
  function add(more: File[]) {
    files = [...files, ...more.map((file) => ({ file }))].slice(0, 10);
    show();
  }
  return {
    chips,
    button: h("span", null, button, input),
    add,
    count: () => files.length,
    /** upload stores the waiting files not stored yet and returns the files it sent with their ids; the chips stay until clear(sent), so a failure can be retried. */
    async upload(): Promise<Waiting[]> {
      const sent = [...files];
      busy = true;
      show();
      try {
        await twoAtATime(sent.filter((w) => !w.id), async (w) => void (w.id = await admin.upload(conversationId, w.file)));
      } finally {
        busy = false;
        show();
      }
      return sent;
    },
    /** clear drops the files a reply took, keeping any added since. */
    clear: (sent: Waiting[]) => ((files = files.filter((w) => !sent.includes(w))), show()),
  };
}

// note: the server reads at most two uploads of one operator at a time (more are 429), so files go two by two;
// after a failure neither lane starts another, and the answer waits for the file still on its way (its id is kept for a retry).
async function twoAtATime<T>(items: T[], send: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      await send(item).catch((e) => {
        failed = true;
        throw e;
      });
    }
  };
  const failure = (await Promise.allSettled([lane(), lane()])).find((r) => r.status === "rejected");
  if (failure) throw failure.reason;
}
