// Visitors: created with a random token (stored as SHA-256), found again by that token.
import { eq, sql } from "drizzle-orm";
import { contacts, visitors } from "../../db/schema";
import type { Db } from "../../db/store";
import { sha256Hex } from "../lib/crypto";
import { newId, newVisitorToken } from "../lib/ids";
import { remember } from "../lib/cache";

/** Visitor is what a widget request knows about the visitor behind its token. */
export interface Visitor {
  id: string;
  workspaceId: string;
  contactId: string | null;
  name: string | null;
  email: string | null;
  company: string | null;
  verified: { name: string | null; email: string | null; company: string | null } | null;
}

/** VisitorDirectory finds visitors by token through a bounded cache of recent tokens; a token
 *  whose visitor has not started a session for lifetimeMs finds nobody (the widget starts fresh). */
export class VisitorDirectory {
  private cache = new Map<string, { visitor: Visitor; lastSeenAt: number }>();
  private lookup;

  constructor(
    db: Db,
    private now: () => number = Date.now,
    private lifetimeMs = Number.POSITIVE_INFINITY,
  ) {
    this.lookup = db
      .select({
        id: visitors.id,
        workspaceId: visitors.workspaceId,
        contactId: visitors.contactId,
        name: visitors.name,
        email: visitors.email,
        company: visitors.company,
        contactName: contacts.name,
        contactEmail: contacts.email,
        contactCompany: contacts.company,
        lastSeenAt: visitors.lastSeenAt,
      })
      .from(visitors)
      .leftJoin(contacts, eq(contacts.id, visitors.contactId))
      .where(eq(visitors.tokenHash, sql.placeholder("hash")))
      .prepare();
  }

  /** peek answers from memory only: the visitor, or undefined when its token is not cached. */
  peek(token: string): Visitor | undefined {
    const hit = this.cache.get(token);
    return hit && this.live(hit.lastSeenAt) ? hit.visitor : undefined;
  }

  /** byToken returns the visitor holding token, or null. */
  async byToken(token: string): Promise<Visitor | null> {
    const hit = this.cache.get(token);
    if (hit) return this.live(hit.lastSeenAt) ? hit.visitor : null;
    const row = await this.lookup.get({ hash: await sha256Hex(token) });
    if (!row || !this.live(row.lastSeenAt)) return null;
    const visitor: Visitor = {
      id: row.id,
      workspaceId: row.workspaceId,
      contactId: row.contactId,
      name: row.name,
      email: row.email,
      company: row.company,
      verified: row.contactId ? { name: row.contactName, email: row.contactEmail, company: row.contactCompany } : null,
    };
    remember(this.cache, token, { visitor, lastSeenAt: row.lastSeenAt }, 20_000);
    return visitor;
  }

  // note: a session moves lastSeenAt and forgets the cached record, so only unused tokens expire.
  private live(lastSeenAt: number) {
    return this.now() - lastSeenAt <= this.lifetimeMs;
  }

  /** mint makes a new visitor of workspaceId with its token (shown once); insert stores it inside the caller's transaction. */
  async mint(workspaceId: string, now: number): Promise<{ token: string; visitor: Visitor; insert: (tx: Db) => Promise<unknown> }> {
    const token = newVisitorToken();
    const id = newId("vis");
    const tokenHash = await sha256Hex(token);
    return {
      token,
      visitor: { id, workspaceId, contactId: null, name: null, email: null, company: null, verified: null },
      insert: (tx) => tx.insert(visitors).values({ id, workspaceId, tokenHash, createdAt: now, lastSeenAt: now }).run(),
    };
  }

  /** forget drops a visitor's cached record after its row changed. */
  forget(token: string) {
    this.cache.delete(token);
  }

  /** forgetVisitor drops a visitor's cached records under every token, after its token was replaced. */
  forgetVisitor(visitorId: string) {
    for (const [token, v] of this.cache) if (v.visitor.id === visitorId) this.cache.delete(token);
  }

  /** forgetContact drops every cached visitor of a contact whose verified attributes changed (its other devices). */
  forgetContact(contactId: string) {
    for (const [token, v] of this.cache) if (v.visitor.contactId === contactId) this.cache.delete(token);
  }
}
