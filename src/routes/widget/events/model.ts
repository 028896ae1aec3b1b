// Widget event batches.
import * as v from "valibot";
import { BeaconAuth, Page } from "../model";

/** The event types the widget may report (CONTRACT §3). */
export const EVENT_TYPES = [
  "launcher_view",
  "widget_open",
  "widget_close",
  "conversation_start",
  "ticket_form_view",
  "ticket_form_submit",
  "survey_view",
  "new_message_draft",
] as const;

const WidgetEvent = v.object({
  type: v.picklist(EVENT_TYPES, "a known event type"),
  at: v.optional(v.pipe(v.string(), v.maxLength(40), v.isoTimestamp())),
  conversationId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  page: v.optional(Page),
  props: v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), v.union([v.pipe(v.string(), v.maxLength(500)), v.number(), v.boolean(), v.null()])), v.check((r) => Object.keys(r).length <= 20, "at most 20 props"))),
});

/** EventsBody: 1 to 50 events, plus key and token when sent as a beacon. */
export const EventsBody = v.object({
  events: v.pipe(v.array(WidgetEvent), v.minLength(1, "1 to 50 events"), v.maxLength(50, "1 to 50 events")),
  ...BeaconAuth,
});
export type EventsBody = v.InferOutput<typeof EventsBody>;

/** EventsAnswer: how many events were stored. */
export const EventsAnswer = v.object({ accepted: v.number() });
