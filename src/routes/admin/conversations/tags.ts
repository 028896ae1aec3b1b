// Conversation tags: read for a page of the inbox in one query, replaced as a set.
import { eq, inArray } from "drizzle-orm";
import { conversationTags } from "../../../../db/schema";
import type { Db } from "../../../../db/store";
import { filled, inChunks, slots } from "../../../lib/slots";

/** ConversationTags reads and replaces the tags of conversations. */
export class ConversationTags {
  private byConversations;
  constructor(db: Db) {
    this.byConversations = db.select().from(conversationTags).where(inArray(conversationTags.conversationId, slots("id"))).orderBy(conversationTags.conversationId, conversationTags.tag).prepare();
  }

  /** of returns each conversation's tags, sorted. */
  async of(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await inChunks(ids, (chunk) => this.byConversations.all(filled("id", chunk, "")));
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
