// Saved replies: a workspace's canned answers, title and body.
import * as v from "valibot";
import { Id } from "../shared";

const Title = v.pipe(v.string(), v.trim(), v.minLength(1, "a title of 1 to 80 characters"), v.maxLength(80, "a title of 1 to 80 characters"));
const Body = v.pipe(v.string(), v.trim(), v.minLength(1, "a reply of 1 to 5000 characters"), v.maxLength(5000, "a reply of 1 to 5000 characters"));

/** CreateSavedReplyBody makes a saved reply. */
export const CreateSavedReplyBody = v.object({ title: Title, body: Body });
export type CreateSavedReplyBody = v.InferOutput<typeof CreateSavedReplyBody>;

/** UpdateSavedReplyBody changes the given fields of a saved reply. */
export const UpdateSavedReplyBody = v.partial(CreateSavedReplyBody);
export type UpdateSavedReplyBody = v.InferOutput<typeof UpdateSavedReplyBody>;

/** SavedReplyParams names a workspace and one of its saved replies. */
export const SavedReplyParams = v.object({ id: Id, replyId: Id });

/** SavedReply is a saved reply as the API answers it. */
export const SavedReply = v.object({ id: v.string(), title: v.string(), body: v.string(), createdAt: v.string(), updatedAt: v.string() });
export type SavedReply = v.InferOutput<typeof SavedReply>;

/** SavedReplyList answers GET: by title. */
export const SavedReplyList = v.object({ savedReplies: v.array(SavedReply) });

/** SavedReplyAnswer answers POST and PATCH. */
export const SavedReplyAnswer = v.object({ savedReply: SavedReply });
