// Reading the inbox and one conversation, each in a bounded number of queries.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { agents, contacts, conversations, conversationTags, surveyResponses, users, visitors, workspaces } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { lastMessages } from "../../../domain/conversations";
import { readSettings } from "../../../domain/settings";
import { requireWorkspace, roleOf, type Operator } from "../../../plugins/admin-auth";

import { visitorColumns, visitorDetail, visitorSummary } from "../visitors/view";
import type { ConversationDetail, DetailQuery, InboxAnswer, InboxQuery } from "./model";
import { adminMessage, conversationHead, conversationNotFound, decodeInboxCursor, encodeInboxCursor } from "./view";
import { iso } from "../../../lib/text";
import { filled, slots } from "../../../lib/slots";
import { HttpError } from "../../../lib/http-error";
import { operatorRef, SeenMarks } from "./seen";
import { ConversationTags } from "./tags";
import { ThreadPages } from "./thread";

const STATUSES = ["open", "closed"] as const;
// note: snoozed is an open conversation whose snooze time is still to come; it is read from the open range.
const STORED = { open: { status: "open", snoozed: 0 }, snoozed: { status: "open", snoozed: 1 }, closed: { status: "closed", snoozed: null } } as const;
const TOP = { updatedAt: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER };


/** InboxReader answers the operator's reads; it never returns another workspace's rows. */
export class InboxReader {
  private inboxRange;
  private unassignedRange;
  private assigneeRange;
  private pageRows;
  private allWorkspaces;
  private cursorRow;
  private seen;
  private tags;
  private thread;
  constructor(private ctx: AppContext) {
    const p = sql.placeholder;
    // note: "one" reads the assignee index (assigned conversations only), so Mine stays one short range in a busy
    // workspace; "none" (Unassigned) reads the inbox range, passing over the assigned ones in it.
    const range = (assignee: "any" | "none" | "one") =>
      ctx.store.db
        .select({ seq: conversations.seq, updatedAt: conversations.updatedAt, waitingForTeam: conversations.waitingForTeam })
        .from(conversations)
        .where(
          and(
            eq(conversations.workspaceId, p("workspaceId")),
            assignee === "one" ? eq(conversations.assigneeId, p("assignee")) : assignee === "none" ? isNull(conversations.assigneeId) : undefined,
            eq(conversations.status, p("status")),
            eq(conversations.waitingForTeam, p("waiting")),
            sql`(cast(${p("handler")} as text) IS NULL OR ${conversations.handler} = ${p("handler")})`,
            sql`(cast(${p("snoozed")} as text) IS NULL OR (coalesce(${conversations.snoozedUntil}, 0) > ${p("now")}) = ${p("snoozed")})`,
            sql`(cast(${p("tag")} as text) IS NULL OR EXISTS (SELECT 1 FROM ${conversationTags} t WHERE t.conversation_id = ${conversations.id} AND t.tag = ${p("tag")}))`,
            sql`(${conversations.updatedAt}, ${conversations.seq}) < (${p("updatedAt")}, ${p("seq")})`,
          ),
        )
        .orderBy(desc(conversations.updatedAt), desc(conversations.seq))
        .limit(p("limit"))
        .prepare();
    this.inboxRange = range("any");
    this.unassignedRange = range("none");
    this.assigneeRange = range("one");
    // note: a page holds at most 100 conversations (InboxQuery's limit), so its rows are read in one chunk of slots.
    this.pageRows = this.joined().where(inArray(conversations.seq, slots("seq"))).prepare();
    this.seen = new SeenMarks(ctx.store.db);
    this.tags = new ConversationTags(ctx.store.db);
    this.thread = new ThreadPages(ctx.store.db);
    this.allWorkspaces = ctx.store.db.select({ id: workspaces.id }).from(workspaces).prepare();
    this.cursorRow = ctx.store.db.select({ seq: conversations.seq, workspaceId: conversations.workspaceId }).from(conversations).where(eq(conversations.id, p("id"))).prepare();
  }

  // note: the workspace's settings come along for the ticket form's title.
  private joined() {
    return this.ctx.store.db
      .select({ c: conversations, v: visitorColumns, agentId: agents.id, agentName: agents.name, assigneeName: users.name, settings: workspaces.settings })
      .from(conversations)
      .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .leftJoin(contacts, eq(contacts.id, visitors.contactId))
      .leftJoin(agents, eq(agents.id, conversations.agentId))
      .leftJoin(users, eq(users.id, conversations.assigneeId));
  }

  /** inbox lists conversations by newest activity: one workspace, or every one the operator sees. */
  async inbox(operator: Operator, q: InboxQuery): Promise<InboxAnswer> {
    await this.ctx.activity.settle();
    const limit = q.limit ?? 50;
    let ids: string[];
    if (q.workspace) {
      requireWorkspace(operator, q.workspace);
      ids = [q.workspace];
    } else if (operator.all) ids = (await this.allWorkspaces.all()).map((w) => w.id);
    else ids = [...operator.workspaces.keys()];
    const after = q.after ? await this.cursorAt(operator, q.after) : { waiting: true, ...TOP };
    const assignee = q.assignee === undefined ? undefined : assigneeFilter(operator, q.assignee);
    // note: each (workspace, status, waiting) is one range of the inbox index, read newest first;
    // the pages are merged here, so no query sorts or scans a workspace's whole history.
    // Conversations waiting for a person come first: past the cursor, a waiting range is done
    // once the cursor is in the not-waiting part, and a not-waiting range starts at its top.
    const now = this.ctx.clock.now();
    const ranges = ids.flatMap((workspaceId) =>
      (q.status ? [STORED[q.status]] : STATUSES.map((status) => ({ status, snoozed: null }))).flatMap(({ status, snoozed }) =>
        (q.waiting ? [true] : [true, false])
          .filter((waiting) => !waiting || after.waiting)
          .map((waiting) => {
            const from = waiting === after.waiting ? after : TOP;
            return { workspaceId, status, waiting: waiting ? 1 : 0, handler: q.handler ?? null, assignee: assignee ?? null, snoozed, now, tag: q.tag ?? null, updatedAt: from.updatedAt, seq: from.seq, limit: limit + 1 };
          }),
      ),
    );
    const read = assignee === undefined ? this.inboxRange : assignee === null ? this.unassignedRange : this.assigneeRange;
    // note: the ranges give their order only (read from the index); the rows, with their joins, are read for the page
    // alone, so a page across four ranges (or four per workspace) reads 50 rows, not up to 51 from each range.
    const pages = await Promise.all(ranges.map(async (r) => await read.all(r)));
    const order = pages
      .flat()
      .sort((x, y) => Number(y.waitingForTeam) - Number(x.waitingForTeam) || y.updatedAt - x.updatedAt || y.seq - x.seq)
      .slice(0, limit + 1);
    const keys = order.slice(0, limit);
    const rows = await this.pageRows.all(filled("seq", keys.map((key) => key.seq), -1));
    const bySeq = new Map(rows.map((row) => [row.c.seq, row]));
    // note: a conversation erased between the two reads is left out of the page.
    const page = keys.flatMap((key) => {
      const row = bySeq.get(key.seq);
      return row ? [{ key, row }] : [];
    });
    const shown = page.map((x) => x.row);
    const shownIds = shown.map((r) => r.c.id);
    const [lasts, unread, tags] = await Promise.all([lastMessages(this.ctx.store.db, shownIds, { internal: true }), this.seen.unread(operatorRef(operator), shownIds), this.tags.of(shownIds)]);
    // note: the cursor carries the place the page was read at, so a conversation that moved since cannot skip the next page.
    const last = page.at(-1);
    return {
      conversations: shown.map((r) => ({
        ...conversationHead(r.c, now),
        visitor: visitorSummary(this.ctx, r.v),
        agent: r.agentId ? { id: r.agentId, name: r.agentName! } : null,
        assignee: r.c.assigneeId ? { id: r.c.assigneeId, name: r.assigneeName! } : null,
        tags: tags.get(r.c.id) ?? [],
        lastMessage: lasts.has(r.c.id) ? adminMessage(lasts.get(r.c.id)!) : null,
        fields: r.c.fields ?? null,
        ticketForm: r.c.ticketForm,
        unreadCount: unread.get(r.c.id) ?? 0,
      })),
      nextCursor: last && order.length > limit ? encodeInboxCursor(last.key.waitingForTeam, last.key.updatedAt, last.row.c.id) : null,
      hasMore: order.length > limit,
    };
  }

  // note: the cursor names its row by public id; the row's place among equal times is looked up. A row gone since
  // (erased) or not the caller's to see leaves its time to go on from: the next page starts with the rows of that very
  // time (one may show again), rather than the list stopping with an error.
  private async cursorAt(operator: Operator, cursor: string) {
    const c = decodeInboxCursor(cursor);
    const row = await this.cursorRow.get({ id: c.id });
    const seq = row && roleOf(operator, row.workspaceId) ? row.seq : Number.MAX_SAFE_INTEGER;
    return { waiting: c.waiting, updatedAt: c.updatedAt, seq };
  }

  /** detail returns one conversation with a page of its messages (notes and internals too; the newest
   *  unless q.before names an older page), the visitor and surveys. */
  async detail(operator: Operator, id: string, q: DetailQuery): Promise<ConversationDetail> {
    await this.ctx.activity.settle();
    const r = await this.joined()
      .where(eq(conversations.id, id))
      .get();
    if (!r || !roleOf(operator, r.c.workspaceId)) throw conversationNotFound();
    const db = this.ctx.store.db;
    const [page, surveys, tags] = await Promise.all([
      this.thread.before(id, q.before, q.limit),
      db.select().from(surveyResponses).where(eq(surveyResponses.conversationId, id)).orderBy(desc(surveyResponses.createdAt)).all(),
      this.tags.of([id]),
    ]);
    const form = r.c.ticketForm ? readSettings(r.settings).ticketForms.find((f) => f.key === r.c.ticketForm) : undefined;
    const survey = surveys.map((s) => ({ kind: s.kind, score: s.score, comment: s.comment, createdAt: iso(s.createdAt) }));
    return {
      ...conversationHead(r.c, this.ctx.clock.now()),
      visitor: { ...visitorDetail(this.ctx, r.v), contactId: r.v.contactId },
      agent: r.agentId ? { id: r.agentId, name: r.agentName! } : null,
      assignee: r.c.assigneeId ? { id: r.c.assigneeId, name: r.assigneeName! } : null,
      tags: tags.get(id) ?? [],
      fields: r.c.fields ?? null,
      ticket: r.c.ticketForm ? { form: r.c.ticketForm, title: form?.title ?? null, fields: r.c.ticketFields ?? {}, labels: Object.fromEntries((form?.fields ?? []).map((f) => [f.key, f.label])) } : null,
      ...page,
      surveys: survey,
      survey: survey[0] ?? null,
    };
  }
}

// note: "me" is the caller's account; a token has none, so it names an account or "none" instead.
function assigneeFilter(operator: Operator, assignee: string): string | null {
  if (assignee === "none") return null;
  if (assignee !== "me") return assignee;
  if (operator.kind !== "user") throw new HttpError(422, "invalid_query", "A token is not an account: filter by an account id or none.", "assignee");
  return operator.id;
}
