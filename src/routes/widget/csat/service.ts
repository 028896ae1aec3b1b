// Records CSAT (1-5) and NPS (0-10) responses; a second response replaces the first (a score alone keeps its comment).
import { sql } from "drizzle-orm";
import { surveyResponses } from "../../../../db/schema";
import type { AppContext } from "../../../context";
import type { Settings } from "../../../domain/settings";
import type { Visitor } from "../../../domain/visitors";
import { HttpError } from "../../../lib/http-error";
import { publishToOperators } from "../../../realtime/publish";
import type { SurveyAnswer, SurveyBody } from "./model";

/** SurveyService stores survey responses for conversations the visitor sees. */
export class SurveyService {
  constructor(private ctx: AppContext) {}

  /** respond validates the kind against the workspace's survey, upserts the response (keeping a comment a score alone does not replace) and tells the operators. */
  async respond(visitor: Visitor, settings: Settings, body: SurveyBody): Promise<SurveyAnswer> {
    if (settings.survey !== body.kind) {
      throw new HttpError(422, "survey_kind_mismatch", settings.survey ? `This workspace asks for ${settings.survey.toUpperCase()}, not ${body.kind.toUpperCase()}.` : "This workspace has no survey.", "kind");
    }
    if (body.kind === "csat" && (body.score < 1 || body.score > 5)) throw new HttpError(422, "invalid_field", "A CSAT score is 1 to 5.", "score");
    const conversation = await this.ctx.conversations.visible(visitor, body.conversationId);
    const now = this.ctx.clock.now();
    // note: a score alone (a late tap after "Send feedback") keeps the comment already given.
    const { comment } = await this.ctx.store.write(async (tx) => {
      const stored = (await tx
        .insert(surveyResponses)
        .values({ conversationId: conversation.id, kind: body.kind, workspaceId: visitor.workspaceId, visitorId: visitor.id, score: body.score, comment: body.comment || null, createdAt: now })
        .onConflictDoUpdate({
          target: [surveyResponses.conversationId, surveyResponses.kind],
          set: { score: sql`excluded.score`, comment: sql`coalesce(excluded.comment, ${surveyResponses.comment})`, visitorId: sql`excluded.visitor_id`, createdAt: sql`excluded.created_at` },
        })
        .returning({ comment: surveyResponses.comment })
        .get())!;
      // note: an open console conversation re-reads its details on this event, so the score shows without a reload.
      publishToOperators(this.ctx, conversation);
      return stored;
    });
    const survey: SurveyAnswer["survey"] = { conversationId: conversation.id, kind: body.kind, score: body.score };
    if (comment) survey.comment = comment;
    return { survey };
  }
}
