// Presence heartbeats.
import * as v from "valibot";
import { BeaconAuth, Page } from "../model";

/** PresenceBody: the visitor's state, maybe its page; key and token when sent as a beacon. */
export const PresenceBody = v.object({
  state: v.picklist(["active", "idle", "hidden", "offline"], "one of active, idle, hidden, offline"),
  page: v.optional(Page),
  ...BeaconAuth,
});
export type PresenceBody = v.InferOutput<typeof PresenceBody>;

/** PresenceAnswer: acknowledged, and how many operators are watching the inbox. */
export const PresenceAnswer = v.object({ ok: v.literal(true), operatorsOnline: v.number() });
