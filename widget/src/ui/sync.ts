// Reading history for the messenger: full history by cursor, catch-up after a reconnect, and the
// long-poll fallback used when the loader reports that streaming does not work from this page.
import type { Conversation, History, Message, ReadAnswer, Runtime } from "../types";

/** createSync keeps one cursor per conversation read, so nothing is fetched twice or missed. */
export function createSync(rt: Runtime) {
  const s = rt.s;
  const cursors: Record<string, string> = {};
  // note: a conversation is "caught up" once read to its end; only what comes after that is news.
  const caught: Record<string, boolean> = {};
  let polling = false;

  const page = (id: string, wait = 0) =>
    rt.call<History>(`messages?conversation=${encodeURIComponent(id)}&limit=100&after=${cursors[id] || ""}&wait=${wait}`, undefined, wait ? 2 : 4).then((p) => {
      cursors[id] = p.nextCursor;
      return p;
    });

  /** deliver feeds a fetched message through the same path as a streamed one. */
  const deliver = (message: Message, unseen = false) => {
    const conversation = s.session?.conversations.find((c) => c.id == message.conversationId);
    const next: Conversation | undefined = conversation && { ...conversation, lastMessage: message, updatedAt: message.createdAt, unreadCount: conversation.unreadCount + +unseen };
    if (next) rt.upsert(next);
    rt.emit("message", { message, conversation: next });
  };

  /** rest reads a conversation from its cursor to its end, page after page, handing each page to got. */
  const rest = (id: string, got: (messages: Message[]) => void): Promise<unknown> => page(id).then((p) => (got(p.messages), p.hasMore && rest(id, got)));

  /** seen moves a caught-up conversation's cursor past a message the stream brought, so a poll or a catch-up after it
   *  asks only for what came later (not replies already shown, counted and read again).
   *  note: a page being read meanwhile sets the cursor to its own end when it comes, so it never skips anything. */
  function seen(message: Message) {
    if (caught[message.conversationId]) cursors[message.conversationId] = message.id;
  }

  /** history loads a whole conversation, oldest first (pages of 100). */
  async function history(id: string): Promise<Message[]> {
    delete cursors[id];
    const all: Message[] = [];
    await rest(id, (messages) => all.push(...messages));
    caught[id] = true;
    return all;
  }

  /** catchUp fetches what the conversations read so far (and the one on screen) missed while the stream was down,
   *  page after page to their ends: what lies beyond the first page would not come again on the stream. */
  function catchUp() {
    const ids = new Set(Object.keys(cursors));
    if (s.watch) ids.add(s.watch);
    for (const id of ids) rest(id, (messages) => messages.forEach((m) => deliver(m))).catch(() => {});
  }

  /** poll long-polls the conversation on screen (else the newest), counting unread while it is not being read. */
  async function poll() {
    if (polling) return;
    polling = true;
    // note: polling ends once the stream is ready again (the loader clears s.poll).
    while (s.poll) {
      const id = s.watch || s.session?.conversations[0]?.id;
      try {
        if (!id) throw 0;
        // note: a conversation not read here yet is paged to its end first, silently: old messages are not news.
        const news = caught[id];
        const p = await page(id, news ? 25 : 0);
        if (!p.hasMore) caught[id] = true;
        for (const m of news ? p.messages : []) {
          // note: a reply nobody is reading counts on its conversation too, so opening it marks it read.
          const unseen = m.author.kind != "customer" && !(s.open && s.watch == id);
          deliver(m, unseen);
          if (unseen) rt.unread(Math.max(0, s.unread) + 1);
        }
      } catch {
        await new Promise((r) => setTimeout(r, 5000));
      }
    }
    polling = false;
  }

  /** markRead clears a conversation's unread count on the server, and the badge with the answer. */
  function markRead(id: string) {
    rt.call<ReadAnswer>("messages/read", { conversationId: id }, 3).then((r) => {
      const c = s.session?.conversations.find((x) => x.id == id);
      if (c) rt.upsert({ ...c, unreadCount: r.unreadCount });
      rt.unread(r.totalUnread);
    }, () => {});
  }

  /** reset forgets every cursor, when identify has switched the visitor. */
  function reset() {
    for (const k in cursors) delete cursors[k];
    for (const k in caught) delete caught[k];
  }

  return { history, catchUp, poll, markRead, reset, seen };
}

/** Sync is the messenger's reader of history. */
export type Sync = ReturnType<typeof createSync>;
