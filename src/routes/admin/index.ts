// The operator API: every admin route family, behind admin.auth.
import { Elysia } from "elysia";
import type { AppContext } from "../../context";

/** adminRoutes composes the operator API families. */
export const adminRoutes = (_ctx: AppContext) => new Elysia({ prefix: "/api/admin" });
