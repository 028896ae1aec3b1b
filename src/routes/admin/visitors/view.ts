// Turning visitor rows (joined with their verified contact) and live presence into operator answers.
import { contacts, visitors } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import { ONLINE_MS } from "../../widget/presence/book";

import type { VisitorDetail, VisitorSummary } from "./model";
import { iso } from "../../../lib/text";

/** visitorColumns selects a visitor with its contact's verified attributes (left join contacts). */
export const visitorColumns = {
  id: visitors.id,
  name: visitors.name,
  email: visitors.email,
  company: visitors.company,
  userId: visitors.userId,
  locale: visitors.locale,
  lastPage: visitors.lastPage,
  lastSeenAt: visitors.lastSeenAt,
  contactId: visitors.contactId,
  contactName: contacts.name,
  contactEmail: contacts.email,
  contactCompany: contacts.company,
  contactUserId: contacts.userId,
};

/** VisitorRow is what visitorColumns selects. */
export interface VisitorRow {
  id: string;
  name: string | null;
  email: string | null;
  company: string | null;
  userId: string | null;
  locale: string | null;
  lastPage: { url: string; title?: string; referrer?: string } | null;
  lastSeenAt: number;
  contactId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactCompany: string | null;
  contactUserId: string | null;
}

/** visitorSummary prefers verified attributes and tells whether the visitor is online now. */
export function visitorSummary(ctx: AppContext, r: VisitorRow): VisitorSummary {
  const beat = ctx.presence.get(r.id);
  const online = !!beat && beat.state !== "offline" && ctx.clock.now() - beat.lastSeenAt < ONLINE_MS;
  return {
    id: r.id,
    name: r.contactName ?? r.name,
    email: r.contactEmail ?? r.email,
    company: r.contactCompany ?? r.company,
    verified: r.contactId !== null,
    online,
  };
}

/** visitorDetail adds the page (live when a heartbeat knows it), presence state, last seen time and locale. */
export function visitorDetail(ctx: AppContext, r: VisitorRow): VisitorDetail {
  const beat = ctx.presence.get(r.id);
  const live = beat?.pageUrl && beat.pageUrl !== r.lastPage?.url ? { url: beat.pageUrl } : null;
  return {
    ...visitorSummary(ctx, r),
    userId: r.contactUserId ?? r.userId,
    state: beat?.state ?? null,
    page: live ?? r.lastPage ?? null,
    lastSeenAt: iso(Math.max(beat?.lastSeenAt ?? 0, r.lastSeenAt)),
    locale: r.locale,
  };
}
