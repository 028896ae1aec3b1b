// The thread view: history, live messages, the composer with sending / sent / failed-and-retry, and
// the closed notice with its survey.
import type { Conversation, Message } from "../types";
import { createPending, handoffButton, sourceLinks } from "./agent";
import { createComposer } from "./composer";
import { authorName, avatar, h, linkify, uid, when } from "./dom";
import type { Nav, View } from "./shell";
import { surveyView } from "./survey";
import { t } from "./i18n";
import { askEmail, wantsEmail } from "./ask-email";
import { attachmentList, uploadAll } from "./attach";

type Status = "sending" | "sent" | "failed";
const LABEL: Record<Status, string> = { sending: "Sending…", sent: "Sent", failed: "Not sent" };
const label = (status: Status) => t(LABEL[status]);

/** threadView shows one conversation, or a new one (id null) that is created by its first message. */
export function threadView(nav: Nav, start: string | null, draft?: string): View {
  const { rt, sync } = nav;
  const s = rt.s;
  let id = start;
  const rows = new Map<string, HTMLElement>(); // by message id, and by clientId while sending
  const log = h("ol", { class: "log", "aria-label": t("Messages") });
  const notice = h("div");
  const scroller = h("div", { class: "scroll", tabIndex: 0, role: "region", "aria-label": t("Conversation") }, log, notice);
  const composer = createComposer(send, draft);
  // note: the server relays one typing signal per 2 s anyway; sending no more often spares the visitor's requests.
  let typedAt = 0;
  composer.input.addEventListener("input", () => {
    if (!id || !composer.input.value.trim() || Date.now() - typedAt < 2000) return;
    typedAt = Date.now();
    rt.call("messages/typing", { conversationId: id }, 1).catch(() => {});
  });
  const handoff = handoffButton(nav, () => id);
  const el = h("div", { class: "thread" }, scroller, handoff, composer.el);
  // note: files dropped anywhere on the thread wait in the composer like picked ones.
  el.ondragover = (e) => e.preventDefault();
  el.ondrop = (e) => (e.preventDefault(), composer.add([...(e.dataTransfer?.files || [])]));
  const conversation = () => s.session?.conversations.find((c) => c.id == id);
  let chain = Promise.resolve();
  // note: the agent may start typing before the answer to the first send names the new conversation.
  let early: any;

  const intro = () =>
    h("li", { class: "intro" }, s.session?.agent ? t("Ask {name} anything.", { name: s.session.agent.name }) : t("Send us a message and we will reply right here."));

  /** row renders one message; its text is text (linkified), never HTML. */
  function row(m: Pick<Message, "author" | "body" | "createdAt" | "sources" | "attachments">, status?: Status) {
    const kind = m.author.kind;
    if (kind == "system") return h("li", { class: "sys" }, m.body);
    const mine = kind == "customer";
    const name = authorName(m, s);
    const meta = h("span", { class: "meta" }, h("time", { datetime: m.createdAt }, when(m.createdAt)));
    const li = h(
      "li",
      { class: mine ? "msg me" : "msg" },
      !mine && h("span", { class: "who" }, avatar(name, m.author.avatarUrl || (kind == "agent" ? s.session?.agent?.avatarUrl : undefined), "mini"), name),
      m.body && h("div", { class: "bubble" }, h("span", { class: "sr" }, (mine ? t("You") : name) + ": "), linkify(m.body)),
      attachmentList(rt, m.attachments),
      sourceLinks(m),
      meta,
    );
    if (status) setStatus(li, status);
    return li;
  }

  // note: why is the server's own sentence for a refused file (too large, too many at once), shown as text.
  function setStatus(li: HTMLElement, status: Status, retry?: () => void, why?: string) {
    const meta = li.querySelector(".meta")!;
    li.classList.toggle("failed", status == "failed");
    meta.replaceChildren(meta.firstChild!, ` · ${label(status)}`);
    if (why) meta.append(h("span", { class: "why", role: "alert" }, ": " + why));
    if (retry) meta.append(h("button", { class: "retry", type: "button", onclick: retry }, t("Retry")));
  }

  // note: an image gets its height only once loaded, after stick(); a view that was at the bottom sticks again then.
  // Only a scroll up from where stick() left it unpins: a scroll event that runs after an image grew the thread
  // (but before its load event) must not.
  let pinned = true;
  let stuck = 0;
  const stick = () => ((scroller.scrollTop = scroller.scrollHeight), (stuck = scroller.scrollTop), (pinned = true));
  scroller.onscroll = () => (pinned = scroller.scrollTop >= stuck - 2 || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 8);
  scroller.addEventListener("load", () => pinned && stick(), true);
  const drafts = createPending(nav, log, stick);

  /** add shows a message once: a streamed copy of our own message upgrades its "sending" row. */
  function add(m: Message) {
    if (rows.has(m.id)) return;
    const pending = m.clientId && rows.get(m.clientId);
    if (pending) {
      // note: a message with files is drawn again from the server's answer, which names them.
      const li = m.attachments ? row(m, "sent") : pending;
      if (li != pending) pending.replaceWith(li);
      rows.set(m.id, li);
      setStatus(li, "sent");
      return;
    }
    const li = row(m, m.author.kind == "customer" ? "sent" : undefined);
    rows.set(m.id, li);
    log.querySelector(".intro")?.remove();
    // note: a reply ends the dots or the streamed draft; the visitor's own message goes above them.
    if (m.author.kind != "customer") drafts.clear();
    log.append(li);
    drafts.keep();
    stick();
  }

  /** send shows the message at once and posts it in order; a failure offers a retry with the same clientId. */
  function send(body: string, files: File[] = []) {
    // note: files go into a conversation, so a new one is started by the text (or the files' names) first.
    if (files.length && !id) send(body || files.map((f) => f.name).join(", ")), (body = "");
    const clientId = uid();
    // note: each file's id is kept across attempts, so a retry uploads only the files still missing.
    const ids: string[] = [];
    const li = row({ author: { kind: "customer" }, body, createdAt: new Date().toISOString() }, "sending");
    if (files.length) li.insertBefore(h("ul", { class: "atts" }, files.map((f) => h("li", { class: "file" }, f.name))), li.querySelector(".meta"));
    rows.set(clientId, li);
    log.querySelector(".intro")?.remove();
    log.append(li);
    drafts.keep();
    stick();
    // note: the token the message was queued under; after a shutdown (and maybe another visitor) it is not sent.
    let who = rt.headers().authorization;
    const mine = () => {
      if (rt.headers().authorization != who) throw { status: 0 };
    };
    /** post sends the message, retrying a failure itself so every try is checked to be the same visitor's. */
    const post = async (payload: object, n = 0): Promise<{ conversation: Conversation; message: Message }> => {
      mine();
      try {
        return await rt.call("messages", payload, 1);
      } catch (e: any) {
        if ((e.status && e.status < 500 && e.status != 429) || ++n > 2) throw e;
        await new Promise((r) => setTimeout(r, 500 * 2 ** n));
        return post(payload, n);
      }
    };
    const attempt = (again?: Event) => {
      if (again) who = rt.headers().authorization;
      setStatus(li, "sending");
      chain = chain.then(async () => {
        const fresh = !id;
        try {
          const fields = fresh && Object.keys(s.fields).length ? s.fields : undefined;
          mine();
          if (files.length) await uploadAll(rt, id!, files, ids, mine);
          const r = await post({ conversationId: id || undefined, body, clientId, fields, attachments: files.length ? ids : undefined });
          rt.upsert(r.conversation);
          if (fresh) {
            id = s.watch = r.conversation.id;
            s.fields = {}; // note: setNewConversationFields applies to the next new conversation only.
            rt.track("conversation_start", id);
            view.id = id;
            if (early && early.conversationId == id) update("typing", early);
            if (wantsEmail(rt)) notice.before(askEmail());
          }
          add(r.message);
          update("conversation");
        } catch (e: any) {
          setStatus(li, "failed", attempt, e.field == "file" && e.status < 500 ? e.message : undefined);
          if (e.status == 422 || e.status == 400) rt.warn(`message refused: ${e.message}`);
        }
      });
    };
    attempt();
  }

  /** update reacts to live changes for this conversation (messages, typing, an answer streaming in, status, who answers) and marks what is seen as read. */
  function update(what: string, data?: any) {
    const m: Message | undefined = data?.message;
    if (m && id && m.conversationId == id) add(m);
    if (!id && what == "typing") early = data;
    const here = id && data?.conversationId == id;
    if (here && what == "typing" && data.author.kind != "customer") drafts.show(data.author);
    if (here && what == "message_delta") drafts.show({ kind: "agent" }, data.text);
    const c = conversation();
    if (!c) return;
    handoff.hidden = c.handler != "agent" || c.status == "closed";
    if (c.unreadCount > 0 && s.open && !document.hidden && nav.shell.view == view) sync.markRead(c.id);
    if (notice.dataset.state == c.status) return;
    notice.dataset.state = c.status;
    notice.replaceChildren();
    if (c.status != "closed") return;
    notice.append(h("p", { class: "sys ended" }, t("This conversation is closed. Write again to reopen it.")));
    // note: the stream's close event brings the workspace's current survey setting (see messenger.ts).
    const survey = s.session?.settings.survey;
    if (survey) notice.append(surveyView(nav, c.id, survey));
    stick();
  }

  async function load() {
    if (!id) return log.append(intro());
    try {
      const messages = await sync.history(id);
      messages.forEach(add);
      if (!messages.length) log.append(intro());
      update("load");
    } catch {
      log.append(h("li", { class: "sys" }, t("This conversation could not be loaded.")));
    }
  }

  const view: View = { el, kind: "thread", id, focus: () => composer.input.focus(), update, draft: () => composer.input.value };
  load();
  return view;
}
