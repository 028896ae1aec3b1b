// The operator API: every admin route family, behind one shared admin.auth.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";
import { adminAuth } from "../../plugins/admin-auth";
import { agentRoutes } from "./agents";
import { conversationRoutes } from "./conversations";
import { identityRoutes } from "./identity";
import { keyRoutes } from "./keys";
import { statsRoutes } from "./stats";
import { tokenRoutes } from "./tokens";
import { visitorRoutes } from "./visitors";
import { workspaceRoutes } from "./workspaces";
import { sourceRoutes } from "./sources";
import { aiRoutes } from "./ai";
import { searchRoutes } from "./search";
import { dataRightsRoutes } from "./data-rights";
import { savedReplyRoutes } from "./saved-replies";
import { contactRoutes } from "./contacts";
import { attachmentAdminRoutes } from "./attachments";

/** adminRoutes composes the operator API families under /api/admin. */
export function adminRoutes(ctx: AppContext) {
  // note: one plugin instance for every family, so they share one operator directory (and its token cache).
  const auth = adminAuth(ctx);
  return new Elysia({ prefix: "/api/admin" })
    .use(workspaceRoutes(ctx, auth))
    .use(agentRoutes(ctx, auth))
    .use(sourceRoutes(ctx, auth))
    .use(aiRoutes(ctx, auth))
    .use(keyRoutes(ctx, auth))
    .use(identityRoutes(ctx, auth))
    .use(conversationRoutes(ctx, auth))
    .use(visitorRoutes(ctx, auth))
    .use(contactRoutes(ctx, auth))
    .use(statsRoutes(ctx, auth))
    .use(tokenRoutes(ctx, auth))
    .use(searchRoutes(ctx, auth))
    .use(savedReplyRoutes(ctx, auth))
    .use(dataRightsRoutes(ctx, auth))
    .use(attachmentAdminRoutes(ctx, auth));
}
