// Contacts: a workspace's people (verified contacts, and visitors with none), paged by last seen,
// each with its conversations, fields and pages seen; and conversations an operator starts.
import { and, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { contacts, conversations, events, messages, visitors } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { lastMessages } from "../../../domain/conversations";
import { HttpError } from "../../../lib/http-error";
import { iso } from "../../../lib/text";
import { roleOf, type Operator } from "../../../plugins/admin-auth";
import { ONLINE_MS } from "../../widget/presence/book";
import { existingWorkspace } from "../shared";
import type { ContactDetail, ContactsQuery, ContactSummary, StartBody } from "./model";
import type { AdminMessage } from "../conversations/model";
import { adminMessage } from "../conversations/view";
import { openConversation, type MessageRow } from "../../../domain/conversations";
import { CONVERSATIONS_STARTED } from "../../../domain/daily-counts";
import { newOrderedId } from "../../../lib/ids";
import { publishMessage } from "../../../realtime/publish";

const PAGE = 50;
// note: bounds on one detail answer; a contact's older conversations stay in the inbox.
const MAX_CONVERSATIONS = 100;
const MAX_PAGES = 20;

interface Row {
  visitorId: string;
  contactId: string | null;
  name: string | null;
  email: string | null;
  company: string | null;
  lastSeenAt: number;
  n: number;
}

/** contactNotFound: another workspace's contact answers exactly like one that does not exist. */
export const contactNotFound = () => new HttpError(404, "contact_not_found", "No such contact or visitor.");

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** ContactService reads the Contacts page and one contact. */
export class ContactService {
  constructor(private ctx: AppContext) {}

  /** online: a visitor heard from within the last minute and not gone offline. */
  online(visitorIds: string[]): boolean {
    return visitorIds.some((id) => {
      const beat = this.ctx.presence.get(id);
      return !!beat && beat.state !== "offline" && this.ctx.clock.now() - beat.lastSeenAt < ONLINE_MS;
    });
  }

  /** list pages through the workspace's people, most recently seen first; a contact appears once, as its latest visitor. */
  async list(operator: Operator, query: ContactsQuery): Promise<{ contacts: ContactSummary[]; nextCursor: string | null }> {
    await existingWorkspace(this.ctx.store.db, operator, query.workspace);
    const limit = query.limit ?? PAGE;
    const [at, id] = query.after ? [Number(query.after.split(".")[0]), query.after.split(".")[1]!] : [Number.MAX_SAFE_INTEGER, ""];
    const like = query.q ? likePattern(query.q) : null;
    // note: aliases are quoted (Postgres folds bare ones to lower case), and the search folds case itself (Postgres' like keeps it).
    const rows = await this.ctx.store.db.all<Row>(sql`
      select v.id as "visitorId", v.contact_id as "contactId", coalesce(ct.name, v.name) as name, coalesce(ct.email, v.email) as email,
             coalesce(ct.company, v.company) as company, v.last_seen_at as "lastSeenAt",
             case when v.contact_id is null then (select count(*) from conversation c where c.visitor_id = v.id)
                  else (select count(*) from conversation c where c.contact_id = v.contact_id) end as n
      from visitor v left join contact ct on ct.id = v.contact_id
      where v.workspace_id = ${query.workspace}
        and (v.contact_id is null or v.id = (select v2.id from visitor v2 where v2.contact_id = v.contact_id order by v2.last_seen_at desc, v2.id desc limit 1))
        and (v.last_seen_at < ${at} or (v.last_seen_at = ${at} and v.id < ${id || "~"}))
        and (cast(${like} as text) is null or lower(coalesce(ct.name, v.name, '')) like lower(${like}) escape '\\' or lower(coalesce(ct.email, v.email, '')) like lower(${like}) escape '\\')
      order by v.last_seen_at desc, v.id desc limit ${limit + 1}`);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      contacts: page.map((r) => ({
        id: r.contactId ?? r.visitorId,
        kind: r.contactId ? "contact" : "visitor",
        visitorId: r.visitorId,
        name: r.name,
        email: r.email,
        company: r.company,
        verified: r.contactId !== null,
        online: this.online([r.visitorId]),
        lastSeenAt: iso(r.lastSeenAt),
        conversations: Number(r.n),
      })),
      nextCursor: rows.length > limit && last ? `${last.lastSeenAt}.${last.visitorId}` : null,
    };
  }

  /** detail answers a contact (by its id, or any of its visitors' ids) or an anonymous visitor. */
  async detail(operator: Operator, id: string): Promise<ContactDetail> {
    await this.ctx.activity.settle();
    const db = this.ctx.store.db;
    const visitor = id.startsWith("ct_") ? null : await db.select().from(visitors).where(eq(visitors.id, id)).get();
    const contactId = id.startsWith("ct_") ? id : (visitor?.contactId ?? null);
    const contact = contactId ? await db.select().from(contacts).where(eq(contacts.id, contactId)).get() : null;
    const workspaceId = contact?.workspaceId ?? visitor?.workspaceId;
    if (!workspaceId || !roleOf(operator, workspaceId)) throw contactNotFound();
    const people = contact ? await db.select().from(visitors).where(eq(visitors.contactId, contact.id)).orderBy(desc(visitors.lastSeenAt), desc(visitors.id)).all() : [visitor!];
    if (people.length === 0) throw contactNotFound();
    const latest = people[0]!;
    const ids = people.map((p) => p.id);
    const convs = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, workspaceId), contact ? or(eq(conversations.contactId, contact.id), inArray(conversations.visitorId, ids)) : eq(conversations.visitorId, latest.id)))
      .orderBy(desc(conversations.updatedAt))
      .limit(MAX_CONVERSATIONS)
      .all();
    const lasts = await lastMessages(db, convs.map((c) => c.id), { internal: false });
    const seen = await db.select({ url: events.pageUrl, at: events.at }).from(events).where(and(inArray(events.visitorId, ids), isNotNull(events.pageUrl))).orderBy(desc(events.at)).limit(500).all();
    const pages = new Map<string, number>();
    // note: each device's last page counts too: widget events carry a page only when the widget sends one.
    const lastPages = people.flatMap((p) => (p.lastPage?.url ? [{ url: p.lastPage.url, at: p.lastSeenAt }] : []));
    for (const e of [...seen, ...lastPages].sort((x, y) => y.at - x.at)) if (!pages.has(e.url!) && pages.size < MAX_PAGES) pages.set(e.url!, e.at);
    const fields: Record<string, unknown> = {};
    for (const c of [...convs].reverse()) Object.assign(fields, c.fields ?? {});
    return {
      id: contact?.id ?? latest.id,
      kind: contact ? "contact" : "visitor",
      visitorId: latest.id,
      name: contact?.name ?? latest.name,
      email: contact?.email ?? latest.email,
      company: contact?.company ?? latest.company,
      userId: contact?.userId ?? latest.userId,
      verified: !!contact,
      online: this.online(ids),
      lastSeenAt: iso(latest.lastSeenAt),
      firstSeenAt: iso(Math.min(...people.map((p) => p.createdAt))),
      locale: latest.locale,
      page: latest.lastPage ? { url: latest.lastPage.url, ...(latest.lastPage.title ? { title: latest.lastPage.title } : {}) } : null,
      visitorIds: ids,
      conversations: convs.length,
      fields,
      pages: [...pages].map(([url, at]) => ({ url, at: iso(at) })),
      conversationList: convs.map((c) => ({ id: c.id, kind: c.kind, status: c.status, updatedAt: iso(c.updatedAt), preview: lasts.get(c.id)?.body.slice(0, 200) ?? null })),
    };
  }

  /** start opens a conversation with a contact or visitor who is online now, with the operator's first
   *  message; it appears in the visitor's messenger at once. */
  async start(operator: Operator, id: string, body: StartBody): Promise<{ conversationId: string; message: AdminMessage }> {
    const who = await this.detail(operator, id);
    const here = who.visitorIds.find((v) => this.online([v]));
    if (!here) throw new HttpError(409, "visitor_offline", "This visitor is not on your site now; start a conversation while they are online.");
    const visitor = (await this.ctx.store.db.select().from(visitors).where(eq(visitors.id, here)).get())!;
    const now = this.ctx.clock.now();
    const { conversation, message } = await this.ctx.store.write(async (tx) => {
      // note: marked, so the operator's own opening never counts as a first reply (availability, Stats); the
      // first reply stays unset for good, which leaves the conversation out of the team_daily roll-up too.
      const conversation = await openConversation(tx, this.ctx.store.dialect, { workspaceId: visitor.workspaceId, visitorId: visitor.id, contactId: visitor.contactId }, now, { operatorStarted: true });
      const message: MessageRow = await tx
        .insert(messages)
        .values({ id: newOrderedId("msg", now), conversationId: conversation.id, workspaceId: visitor.workspaceId, authorKind: "operator", authorName: operator.name, operatorRef: `${operator.kind}:${operator.id}`, internal: false, body: body.body, createdAt: now })
        .returning()
        .get();
      await this.ctx.daily.add(conversation.workspaceId, CONVERSATIONS_STARTED, now);
      publishMessage(this.ctx, conversation, message);
      return { conversation, message };
    });
    return { conversationId: conversation.id, message: adminMessage(message) };
  }
}
