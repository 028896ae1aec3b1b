// What each operator has seen of a conversation: the mark behind the inbox's per-operator unread count.
import { and, eq, inArray, sql } from "drizzle-orm";
import { messages, operatorSeen } from "../../../../db/schema";
import type { Db } from "../../../../db/store";
import type { Operator } from "../../../plugins/admin-auth";
import { filled, inChunks, slots } from "../../../lib/slots";

const p = sql.placeholder;

/** operatorRef names an operator in seen marks and message authorship ("user:id" or "token:id"). */
export const operatorRef = (operator: Operator) => `${operator.kind}:${operator.id}`;

/** SeenMarks records and reads how far each operator has seen each conversation. */
export class SeenMarks {
  private upsert;
  private latest;
  private at;
  private unreadOf;
  constructor(db: Db) {
    // note: a mark only moves forward, so a late "seen" from another tab never brings unread back.
    this.upsert = db
      .insert(operatorSeen)
      .values({ conversationId: p("conversationId"), operatorRef: p("ref"), messageSeq: p("seq") })
      .onConflictDoUpdate({ target: [operatorSeen.conversationId, operatorSeen.operatorRef], set: { messageSeq: sql`excluded.message_seq` }, setWhere: sql`${operatorSeen.messageSeq} < excluded.message_seq` })
      .prepare();
    this.latest = db.select({ seq: messages.seq }).from(messages).where(eq(messages.conversationId, p("conversationId"))).orderBy(sql`${messages.seq} desc`).limit(1).prepare();
    this.at = db.select({ seq: messages.seq }).from(messages).where(and(eq(messages.id, p("id")), eq(messages.conversationId, p("conversationId")))).prepare();
    const seen = sql`coalesce((select s.message_seq from ${operatorSeen} s where s.conversation_id = ${messages.conversationId} and s.operator_ref = ${p("ref")}), 0)`;
    this.unreadOf = db
      .select({ id: messages.conversationId, n: sql<number>`count(*)` })
      .from(messages)
      .where(and(inArray(messages.conversationId, slots("id")), eq(messages.authorKind, "customer"), sql`${messages.seq} > ${seen}`))
      .groupBy(messages.conversationId)
      .prepare();
  }

  /** mark records that ref has seen conversationId up to seq; call it inside a write. */
  async mark(conversationId: string, ref: string, seq: number) {
    await this.upsert.run({ conversationId, ref, seq });
  }

  /** seqOf is the position of messageId in the conversation (the latest message when absent), or null when it is not there. */
  async seqOf(conversationId: string, messageId?: string): Promise<number | null> {
    const row = messageId ? await this.at.get({ id: messageId, conversationId }) : await this.latest.get({ conversationId });
    return row?.seq ?? (messageId ? null : 0);
  }

  /** unread counts, per conversation, the customer messages after what ref has seen. */
  async unread(ref: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await inChunks(ids, (chunk) => this.unreadOf.all({ ref, ...filled("id", chunk, "") }));
    return new Map(rows.map((x) => [x.id, Number(x.n)]));
  }
}
