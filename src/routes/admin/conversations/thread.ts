// A conversation's messages as operators page through them: the newest first, then back in time.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { messageInternals, messages } from "../../../../db/schema";
import type { Db } from "../../../../db/store";
import { invalidCursor } from "../../../lib/http-error";
import type { AdminMessage } from "./model";
import { adminMessage } from "./view";

/** THREAD_PAGE is how many messages a conversation's detail shows at once, unless asked for fewer. */
const THREAD_PAGE = 100;

/** ThreadPage is a page of messages, oldest first, with the cursor to the page before it (null: none). */
interface ThreadPage {
  messages: AdminMessage[];
  olderCursor: string | null;
  hasOlder: boolean;
}

/** ThreadPages reads a conversation's messages a page at a time, through the conversation's message index. */
export class ThreadPages {
  private page;
  private cursorSeq;
  constructor(db: Db) {
    const p = sql.placeholder;
    // note: read newest first down the (conversation, seq) index, so a page costs its own rows however long the conversation is.
    this.page = db
      .select({ m: messages, details: messageInternals.details })
      .from(messages)
      .leftJoin(messageInternals, eq(messageInternals.messageSeq, messages.seq))
      .where(and(eq(messages.conversationId, p("conversationId")), lt(messages.seq, p("before"))))
      .orderBy(desc(messages.seq))
      .limit(p("limit"))
      .prepare();
    this.cursorSeq = db
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, p("id")), eq(messages.conversationId, p("conversationId"))))
      .prepare();
  }

  /** before returns the page of messages older than the cursor (absent: the newest page). */
  async before(conversationId: string, cursor: string | undefined, limit = THREAD_PAGE): Promise<ThreadPage> {
    const before = cursor === undefined ? Number.MAX_SAFE_INTEGER : await this.seqOf(conversationId, cursor);
    const rows = await this.page.all({ conversationId, before, limit: limit + 1 });
    const shown = rows.slice(0, limit).reverse();
    const hasOlder = rows.length > limit;
    return { messages: shown.map((r) => adminMessage(r.m, r.details)), olderCursor: hasOlder ? shown[0]!.m.id : null, hasOlder };
  }

  // note: a cursor is the public id of the oldest message shown, so it is only good in its own
  // conversation and says nothing of the server's other conversations.
  private async seqOf(conversationId: string, cursor: string): Promise<number> {
    const row = await this.cursorSeq.get({ id: cursor, conversationId });
    if (!row) throw invalidCursor("before", "this conversation");
    return row.seq;
  }
}
