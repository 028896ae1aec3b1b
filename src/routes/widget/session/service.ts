// Session: resolve the visitor behind a token (or make one), apply identify, build the public config.
import { and, eq, isNull } from "drizzle-orm";
import { contacts, conversations, visitors } from "../../../../db/schema";
import type { Db } from "../../../../db/store";
import type { AppContext } from "../../../context";
import { topics } from "../../../realtime/hub";
import { forgetEverywhere, type Forget } from "../../../realtime/publish";
import { LIST_LIMIT } from "../../../domain/conversations";
import { verifyIdentity, type IdentityResult } from "../../../domain/identity";
import { publicSettings } from "../../../domain/settings";
import type { Visitor } from "../../../domain/visitors";
import { HttpError } from "../../../lib/http-error";
import { newId, newVisitorToken } from "../../../lib/ids";
import { sha256Hex } from "../../../lib/crypto";
import { findConversationLink } from "../../../mail/links";
import type { WidgetCaller } from "../../../plugins/widget";
import { AvailabilityService } from "./availability";
import type { SessionAnswer, SessionBody } from "./model";

const MINUTE = 60_000;

/** SessionService starts and resumes widget sessions. */
export class SessionService {
  private availability: AvailabilityService;

  constructor(private ctx: AppContext) {
    this.availability = new AvailabilityService(ctx);
  }

  /** start answers POST /session. */
  async start(caller: WidgetCaller, body: SessionBody): Promise<SessionAnswer> {
    const { key } = caller;
    const workspaceId = key.workspace.id;
    const now = this.ctx.clock.now();
    const identity = body.identity ? await this.verify(caller, body.identity, now) : null;

    let token = caller.token;
    let visitor = token ? await this.ctx.visitors.byToken(token) : null;
    if (visitor && visitor.workspaceId !== workspaceId) visitor = null;
    // note: a browser that signs in as another customer gets a fresh visitor, so the previous
    // customer's conversations started on this device stay with them.
    const switching = identity?.verified && visitor?.contactId && !(await this.isContact(visitor, identity.externalKey));
    let insertVisitor: ((tx: Db) => Promise<unknown>) | undefined;
    const resumed = body.resume ? await this.resume(body.resume, workspaceId, visitor?.id, now) : null;
    if (resumed) ({ token, visitor } = resumed);
    else if (!visitor || switching) ({ token, visitor, insert: insertVisitor } = await this.newVisitor(caller, now));

    const { joined, contactChanged } = await this.apply(visitor, identity, body, now, insertVisitor);
    // note: a conversation that joined a contact is seen by the contact's other devices, on every instance.
    for (const id of joined) forgetEverywhere(this.ctx, { conversation: id });
    if (contactChanged) forgetEverywhere(this.ctx, { contact: contactChanged });
    // note: an identify changes what the visitor is (its contact, its name): the other instances forget it (this one
    // forgets its token just below, without walking its whole cache); a plain session moves only its last-seen time.
    if (identity) this.ctx.hub.broadcast?.<Forget>(topics.caches, { visitor: visitor.id });
    this.ctx.visitors.forget(token!);
    const fresh = (await this.ctx.visitors.byToken(token!))!;
    return this.answer(caller, fresh, token!, body.locale);
  }

  private async verify(caller: WidgetCaller, input: NonNullable<SessionBody["identity"]>, now: number) {
    const workspaceId = caller.key.workspace.id;
    const result = await verifyIdentity(input, await this.ctx.secrets.valid(workspaceId, now, this.ctx.config.identityGraceHours), workspaceId, now);
    const saysSomething = Object.values(result.attrs).some((x) => x !== undefined && x !== "");
    if (!result.verified && saysSomething && caller.key.workspace.settings.identity === "required") {
      throw new HttpError(401, "identity_verification_required", "This workspace accepts only verified identities (email_hash or jwt).");
    }
    return result;
  }

  // note: a mailed link moves its conversation's visitor to this browser: a fresh token replaces the old one,
  // so the link works on any device; an unknown, expired or other workspace's link is ignored.
  private async resume(linkToken: string, workspaceId: string, currentId: string | undefined, now: number) {
    const link = await findConversationLink(this.ctx.store.db, linkToken, now);
    if (!link) return null;
    const c = await this.ctx.store.db.select({ visitorId: conversations.visitorId, workspaceId: conversations.workspaceId }).from(conversations).where(eq(conversations.id, link.conversationId)).get();
    if (!c || c.workspaceId !== workspaceId || c.visitorId === currentId) return null;
    const token = newVisitorToken();
    const tokenHash = await sha256Hex(token);
    await this.ctx.store.write((tx) => tx.update(visitors).set({ tokenHash, lastSeenAt: now }).where(eq(visitors.id, c.visitorId)).run());
    forgetEverywhere(this.ctx, { visitor: c.visitorId });
    const visitor = await this.ctx.visitors.byToken(token);
    return visitor ? { token, visitor } : null;
  }

  private async isContact(visitor: Visitor, externalKey: string) {
    const row = await this.ctx.store.db.select({ key: contacts.externalKey }).from(contacts).where(eq(contacts.id, visitor.contactId!)).get();
    return row?.key === externalKey;
  }

  private async newVisitor(caller: WidgetCaller, now: number) {
    this.ctx.limiter.hit(`visitors:${caller.key.key}:${caller.address()}`, { max: this.ctx.config.limits.visitorsPerMinute, windowMs: MINUTE }, "new visitors", caller.address());
    return this.ctx.visitors.mint(caller.key.workspace.id, now);
  }

  /**
   * apply records the session's page, locale and identity (with a new visitor's row, in the same
   * transaction); it tells which conversations joined a contact, and the contact whose verified
   * attributes changed, so caches can forget them.
   */
  private async apply(
    visitor: Visitor,
    identity: IdentityResult | null,
    body: SessionBody,
    now: number,
    insertVisitor?: (tx: Db) => Promise<unknown>,
  ): Promise<{ joined: string[]; contactChanged: string | null }> {
    return this.ctx.store.write(async (tx) => {
      await insertVisitor?.(tx);
      let joined: { id: string }[] = [];
      let contactChanged: string | null = null;
      const update: Partial<typeof visitors.$inferInsert> = { lastSeenAt: now };
      if (body.page) update.lastPage = body.page;
      if (body.locale) update.locale = body.locale;
      // note: unsigned attributes (alone, or beside an HMAC proof) land on the visitor only; they never touch a contact.
      const loose = identity ? (identity.verified ? identity.unsigned : identity.attrs) : undefined;
      if (loose?.email !== undefined) update.email = loose.email;
      if (loose?.name !== undefined) update.name = loose.name;
      if (loose?.company !== undefined) update.company = loose.company;
      if (loose?.userId !== undefined) update.userId = loose.userId;
      if (identity?.verified) {
        const a = identity.attrs;
        let contact = await tx
          .select({ id: contacts.id, userId: contacts.userId, email: contacts.email, name: contacts.name, company: contacts.company })
          .from(contacts)
          .where(and(eq(contacts.workspaceId, visitor.workspaceId), eq(contacts.externalKey, identity.externalKey)))
          .get();
        const attrs = Object.fromEntries(Object.entries({ userId: a.userId, email: a.email, name: a.name, company: a.company }).filter(([, x]) => x !== undefined));
        if (contact) {
          const current: Record<string, unknown> = contact;
          if (Object.entries(attrs).some(([k, x]) => current[k] !== x)) {
            await tx.update(contacts).set(attrs).where(eq(contacts.id, contact.id)).run();
            contactChanged = contact.id;
          }
        } else {
          contact = { id: newId("ct"), userId: null, email: null, name: null, company: null };
          await tx.insert(contacts).values({ id: contact.id, workspaceId: visitor.workspaceId, externalKey: identity.externalKey, createdAt: now, ...attrs }).run();
        }
        update.contactId = contact.id;
        // note: what this visitor started anonymously now belongs to the verified customer.
        joined = await tx
          .update(conversations)
          .set({ contactId: contact.id })
          .where(and(eq(conversations.visitorId, visitor.id), isNull(conversations.contactId)))
          .returning({ id: conversations.id })
          .all();
      }
      await tx.update(visitors).set(update).where(eq(visitors.id, visitor.id)).run();
      return { joined: joined.map((c) => c.id), contactChanged };
    });
  }

  private async answer(caller: WidgetCaller, visitor: Visitor, token: string, locale?: string): Promise<SessionAnswer> {
    const { key } = caller;
    const shown = visitor.verified ?? visitor;
    const pick = (a: string | null, b: string | null) => a ?? b ?? undefined;
    const conversationsList = await this.ctx.conversations.listFor(visitor);
    const answer: SessionAnswer = {
      visitor: {
        token,
        id: visitor.id,
        verified: visitor.verified !== null,
        name: pick(shown.name, visitor.name),
        email: pick(shown.email, visitor.email),
        company: pick(shown.company, visitor.company),
      },
      workspace: { name: key.workspace.name },
      settings: publicSettings(key.workspace.settings, locale, await this.availability.of(key.workspace.id, key.workspace.settings)),
      conversations: conversationsList,
      // note: a full list may leave older conversations out; their replies count too.
      unreadCount: conversationsList.length < LIST_LIMIT ? conversationsList.reduce((n, c) => n + c.unreadCount, 0) : await this.ctx.conversations.unreadTotal(visitor),
    };
    if (key.agent) answer.agent = key.agent.avatarUrl ? { name: key.agent.name, avatarUrl: key.agent.avatarUrl } : { name: key.agent.name };
    return answer;
  }
}
