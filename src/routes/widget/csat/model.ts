// CSAT and NPS survey responses.
import * as v from "valibot";

/** SurveyBody: a score for a conversation, of the kind the workspace asks. */
export const SurveyBody = v.object({
  conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  kind: v.picklist(["csat", "nps"], "csat or nps"),
  score: v.pipe(v.number(), v.integer("a whole number"), v.minValue(0), v.maxValue(10)),
  comment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
});
export type SurveyBody = v.InferOutput<typeof SurveyBody>;

/** SurveyAnswer echoes what was recorded. */
export const SurveyAnswer = v.object({
  survey: v.object({ conversationId: v.string(), kind: v.picklist(["csat", "nps"]), score: v.number(), comment: v.optional(v.string()) }),
});
export type SurveyAnswer = v.InferOutput<typeof SurveyAnswer>;
