// Data rights over the operator API: export and erase a contact, or an anonymous visitor.
import type { AppContext } from "../../../context";
import { erase, exportJson, subjectIds, type Subject } from "../../../domain/erase";
import { HttpError } from "../../../lib/http-error";
import { requireWorkspace, type Operator } from "../../../plugins/admin-auth";
import { forgetEverywhere, publishToOperators } from "../../../realtime/publish";

const notFound = (what: string) => new HttpError(404, `${what}_not_found`, `No such ${what}.`);

/** DataRightsService finds a subject the operator may manage (admins and owners), then exports or erases it. */
export class DataRightsService {
  constructor(private ctx: AppContext) {}

  private async find(operator: Operator, subject: Subject) {
    const what = "contactId" in subject ? "contact" : "visitor";
    const ids = await subjectIds(this.ctx.store.db, subject);
    // note: another workspace's contact is a 404 as if it did not exist; an operator of this one gets a 403.
    if (!ids) throw notFound(what);
    try {
      requireWorkspace(operator, ids.workspaceId, "admin");
    } catch (e) {
      throw (e as HttpError).status === 404 ? notFound(what) : e;
    }
    if ("visitorId" in subject && ids.contactId) {
      throw new HttpError(409, "visitor_has_contact", `This visitor is the verified contact ${ids.contactId}: export or delete the contact instead.`);
    }
    return ids;
  }

  /** export answers everything stored about the subject, as JSON streamed file by file. */
  async export(operator: Operator, subject: Subject) {
    const found = await this.find(operator, subject);
    // note: the conversations' activity is written first (see src/domain/activity.ts), so the export shows it.
    await this.ctx.activity.settle();
    return new Response(await exportJson(this.ctx.store.db, found, (id) => this.ctx.attachments.bytes(id)), { headers: { "content-type": "application/json; charset=utf-8" } });
  }

  /** erase deletes everything stored about the subject, for good, and forgets it in every cache; operators hear of
   *  each conversation that went (their consoles read the inbox again and find it gone). */
  async erase(operator: Operator, subject: Subject) {
    const found = await this.find(operator, subject);
    await this.ctx.store.write(async (tx) => {
      // note: looked up again inside the write, so a conversation started meanwhile goes too.
      const ids = await subjectIds(tx, subject);
      for (const conversation of ids ? await erase(tx, ids, this.ctx.daily) : []) publishToOperators(this.ctx, conversation);
    });
    // note: every instance forgets them, heartbeats included, so none lists an erased visitor online or flushes its
    // heartbeat back.
    for (const id of found.visitorIds) forgetEverywhere(this.ctx, { erased: id });
    for (const id of found.conversationIds) forgetEverywhere(this.ctx, { conversation: id });
  }
}
