// Data rights: everything stored about a contact (or an anonymous visitor), exported as JSON or erased for good.
import { eq, inArray, or } from "drizzle-orm";
import { attachments, contacts, conversations, events, messages, presence, readMarks, surveyResponses, visitors } from "../../db/schema";
import type { Db } from "../../db/store";
import type { ConversationRow } from "./conversations";
import { CONVERSATIONS_STARTED, type DailyCounts } from "./daily-counts";

/** Subject is whose data: a contact with all its visitors, or one anonymous visitor. */
export type Subject = { contactId: string } | { visitorId: string };

/** subjectIds finds the workspace, visitors and conversations of a subject; null when it does not exist. */
export async function subjectIds(db: Db, subject: Subject) {
  let workspaceId: string;
  let visitorIds: string[];
  let contactId: string | null = null;
  if ("contactId" in subject) {
    const c = await db.select({ workspaceId: contacts.workspaceId }).from(contacts).where(eq(contacts.id, subject.contactId)).get();
    if (!c) return null;
    workspaceId = c.workspaceId;
    contactId = subject.contactId;
    visitorIds = (await db.select({ id: visitors.id }).from(visitors).where(eq(visitors.contactId, contactId)).all()).map((v) => v.id);
  } else {
    const v = await db.select({ workspaceId: visitors.workspaceId, contactId: visitors.contactId }).from(visitors).where(eq(visitors.id, subject.visitorId)).get();
    if (!v) return null;
    workspaceId = v.workspaceId;
    contactId = v.contactId;
    visitorIds = [subject.visitorId];
  }
  const owns = contactId ? or(eq(conversations.contactId, contactId), inArray(conversations.visitorId, visitorIds)) : inArray(conversations.visitorId, visitorIds);
  const conversationIds = (await db.select({ id: conversations.id }).from(conversations).where(owns).all()).map((c) => c.id);
  return { workspaceId, contactId, visitorIds, conversationIds };
}

type Ids = NonNullable<Awaited<ReturnType<typeof subjectIds>>>;

/** exportData gathers every stored row about the subject: contact, visitors, conversations with messages, events,
 *  the files' records (their bytes are left to exportJson) and surveys. */
async function exportData(db: Db, ids: Ids) {
  const byConversation = inArray(messages.conversationId, ids.conversationIds);
  const allMessages = await db.select({ id: messages.id, conversationId: messages.conversationId, author: messages.authorKind, authorName: messages.authorName, internal: messages.internal, body: messages.body, createdAt: messages.createdAt }).from(messages).where(byConversation).all();
  return {
    contact: ids.contactId ? (await db.select({ id: contacts.id, userId: contacts.userId, email: contacts.email, name: contacts.name, company: contacts.company, createdAt: contacts.createdAt }).from(contacts).where(eq(contacts.id, ids.contactId)).get() ?? null) : null,
    visitors: await db.select({ id: visitors.id, userId: visitors.userId, email: visitors.email, name: visitors.name, company: visitors.company, locale: visitors.locale, lastPage: visitors.lastPage, createdAt: visitors.createdAt, lastSeenAt: visitors.lastSeenAt }).from(visitors).where(inArray(visitors.id, ids.visitorIds)).all(),
    conversations: (await db.select({ id: conversations.id, kind: conversations.kind, status: conversations.status, fields: conversations.fields, ticketFields: conversations.ticketFields, createdAt: conversations.createdAt, updatedAt: conversations.updatedAt }).from(conversations).where(inArray(conversations.id, ids.conversationIds)).all())
      .map((c) => ({ ...c, messages: allMessages.filter((m) => m.conversationId === c.id) })),
    events: await db.select({ type: events.type, conversationId: events.conversationId, pageUrl: events.pageUrl, props: events.props, at: events.at }).from(events).where(inArray(events.visitorId, ids.visitorIds)).all(),
    attachments: await attachmentRecords(db, ids.conversationIds),
    surveys: await db.select({ conversationId: surveyResponses.conversationId, kind: surveyResponses.kind, score: surveyResponses.score, comment: surveyResponses.comment, createdAt: surveyResponses.createdAt }).from(surveyResponses).where(inArray(surveyResponses.conversationId, ids.conversationIds)).all(),
  };
}

/** attachmentRecords lists the files of the conversations, without their bytes: each says the message it was sent
 *  with (null: never sent), whether that message is an internal note, and who uploaded it. */
async function attachmentRecords(db: Db, conversationIds: string[]) {
  if (conversationIds.length === 0) return [];
  const rows = await db
    .select({ id: attachments.id, conversationId: attachments.conversationId, messageId: messages.id, internal: messages.internal, visitorId: attachments.visitorId, name: attachments.name, contentType: attachments.contentType, size: attachments.size, createdAt: attachments.createdAt })
    .from(attachments)
    .leftJoin(messages, eq(messages.seq, attachments.messageSeq))
    .where(inArray(attachments.conversationId, conversationIds))
    .all();
  return rows.map(({ visitorId, messageId, internal, ...a }) => ({
    ...a,
    sent: messageId !== null,
    messageId,
    internal: messageId === null ? null : Boolean(internal),
    uploadedBy: visitorId === null ? ("operator" as const) : ("visitor" as const),
  }));
}

/** exportJson is the subject's export as JSON text, each file with its bytes as base64 (`data`, null when the file
 *  went meanwhile). The rows are read at once; the files one at a time, each only when the reader has taken the last,
 *  so a contact with many large files never sits in memory whole and the event loop is held one file at a time
 *  (bytesOf reads one, see AttachmentStore.bytes).
 *  note: a file erased while the export is being read comes out with `data: null`. */
export async function exportJson(db: Db, ids: Ids, bytesOf: (attachmentId: string) => Promise<Uint8Array | undefined>): Promise<ReadableStream<Uint8Array>> {
  const { attachments: files, surveys, ...rows } = await exportData(db, ids);
  const encoder = new TextEncoder();
  let next = -1;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const send = (text: string) => controller.enqueue(encoder.encode(text));
        if (next === -1) send(`${JSON.stringify(rows).slice(0, -1)},"attachments":[`);
        else if (next < files.length) {
          const file = files[next]!;
          const bytes = await bytesOf(file.id);
          const record = `${next ? "," : ""}${JSON.stringify({ ...file, data: bytes ? "" : null })}`;
          if (!bytes) send(record);
          else {
            // note: `data` is the record's last field; its value goes out in pieces between its quotes.
            send(record.slice(0, -2));
            for (let i = 0; i < bytes.length; i += BASE64_PIECE) send(btoa(String.fromCharCode(...bytes.subarray(i, i + BASE64_PIECE))));
            send('"}');
          }
        } else {
          send(`],"surveys":${JSON.stringify(surveys)}}`);
          controller.close();
        }
        next++;
      },
    },
    // note: nothing is read ahead of the reader: a file is read from the database only when the one before it has gone out.
    { highWaterMark: 0 },
  );
}

// note: a multiple of 3 bytes, so each piece's base64 has no padding and the pieces join into the file's base64.
const BASE64_PIECE = 3 * 8192;

/** erase deletes the subject inside a write transaction: conversations (their messages, internals, read marks, surveys,
 *  attachments and their bytes, mail links, batches and kept notices go with them), events, presence, visitors and the
 *  contact; what it counted for in the daily roll-ups is taken back. Answers the conversations as they were. */
export async function erase(tx: Db, ids: Ids, daily: DailyCounts): Promise<ConversationRow[]> {
  // note: taken back so Stats read a day the same whole (from the roll-ups) or cut mid-day (from the rows).
  const gone = ids.conversationIds.length ? await tx.select().from(conversations).where(inArray(conversations.id, ids.conversationIds)).all() : [];
  const theirs = [
    ...(ids.conversationIds.length ? [inArray(events.conversationId, ids.conversationIds)] : []),
    ...(ids.visitorIds.length ? [inArray(events.visitorId, ids.visitorIds)] : []),
  ];
  const counted = theirs.length ? await tx.select({ kind: events.type, at: events.at }).from(events).where(or(...theirs)).all() : [];
  await daily.addAll(ids.workspaceId, [...gone.map((c) => ({ kind: CONVERSATIONS_STARTED, at: c.createdAt })), ...counted], -1);
  if (ids.conversationIds.length) {
    await tx.delete(surveyResponses).where(inArray(surveyResponses.conversationId, ids.conversationIds)).run();
    await tx.delete(events).where(inArray(events.conversationId, ids.conversationIds)).run();
    await tx.delete(conversations).where(inArray(conversations.id, ids.conversationIds)).run();
  }
  if (ids.visitorIds.length) {
    await tx.delete(events).where(inArray(events.visitorId, ids.visitorIds)).run();
    await tx.delete(presence).where(inArray(presence.visitorId, ids.visitorIds)).run();
    await tx.delete(readMarks).where(inArray(readMarks.visitorId, ids.visitorIds)).run();
    await tx.delete(visitors).where(inArray(visitors.id, ids.visitorIds)).run();
  }
  if (ids.contactId) await tx.delete(contacts).where(eq(contacts.id, ids.contactId)).run();
  return gone;
}
