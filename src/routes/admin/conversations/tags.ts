// Conversation tags: read for a page of the inbox in one query, replaced as a set.
import { eq, inArray } from "drizzle-orm";
import { conversationTags } from "../../../../db/schema";
import type { Db } from "../../../../db/store";

/** ConversationTags reads and replaces the tags of conversations. */
export class ConversationTags {
  constructor(private db: Db) {}

  /** of returns each conversation's tags, sorted. */
  async of(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await this.db.select().from(conversationTags).where(inArray(conversationTags.conversationId, ids)).orderBy(conversationTags.conversationId, conversationTags.tag).all();
    for (const r of rows) out.set(r.conversationId, [...(out.get(r.conversationId) ?? []), r.tag]);
    return out;
  }

  /** replace sets a conversation's tags to exactly tags; call it inside a write. */
  async replace(tx: Db, conversationId: string, workspaceId: string, tags: string[]) {
    await tx.delete(conversationTags).where(eq(conversationTags.conversationId, conversationId)).run();
    const unique = [...new Set(tags)];
    if (unique.length) await tx.insert(conversationTags).values(unique.map((tag) => ({ conversationId, workspaceId, tag }))).run();
  }
}
