// createApp builds the HTTP app from injected dependencies. No I/O happens at import time.
import { Elysia } from "elysia";
import { createContext, type AppContext, type AppDeps } from "./context";
import { bounds } from "./plugins/bounds";
import { errors } from "./plugins/errors";
import { assetRoutes } from "./routes/assets";
import { csatRoutes } from "./routes/widget/csat";
import { eventRoutes } from "./routes/widget/events";
import { messageRoutes } from "./routes/widget/messages";
import { presenceRoutes } from "./routes/widget/presence";
import { sessionRoutes } from "./routes/widget/session";
import { adminRoutes } from "./routes/admin";
import { consoleRoutes } from "./routes/console";
import { consolePages } from "./routes/console/pages";
import { mailRoutes } from "./routes/mail";
import { accountRoutes } from "./routes/console/account";
import { AccountService } from "./accounts/accounts";
import { attachmentRoutes } from "./routes/widget/attachments";
import { alertRoutes } from "./routes/console/alerts";

/** createApp composes the error plugin and every route family over one context. */
export function createApp(deps: AppDeps | AppContext) {
  const ctx = "keys" in deps ? deps : createContext(deps);
  // note: one account service, so sign-in and re-authentication share one throttle.
  const accounts = new AccountService(ctx);
  return new Elysia()
    .use(errors(ctx.log))
    .use(bounds())
    .use(assetRoutes(ctx))
    .use(sessionRoutes(ctx))
    .use(messageRoutes(ctx))
    .use(eventRoutes(ctx))
    .use(presenceRoutes(ctx))
    .use(csatRoutes(ctx))
    .use(attachmentRoutes(ctx))
    .use(adminRoutes(ctx))
    .use(consoleRoutes(ctx, accounts))
    .use(consolePages(ctx))
    .use(mailRoutes(ctx))
    .use(accountRoutes(ctx, accounts))
    .use(alertRoutes(ctx));
}
