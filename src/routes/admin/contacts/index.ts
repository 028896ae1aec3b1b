// Route table: the Contacts page, one contact, and starting a conversation with one who is online.
import { Elysia } from "elysia";
import type { AppContext } from "../../../context";
import type { AdminAuth } from "../../../plugins/admin-auth";
import { ContactAnswer, ContactList, ContactParams, ContactsQuery, StartAnswer, StartBody } from "./model";
import { ContactService } from "./service";

/** contactRoutes serves /contacts. */
export const contactRoutes = (ctx: AppContext, auth: AdminAuth, service = new ContactService(ctx)) =>
  new Elysia()
    .use(auth)
    .get("/contacts", ({ operator, query }) => service.list(operator, query), { admin: true, query: ContactsQuery, response: { 200: ContactList } })
    .get("/contacts/:id", async ({ operator, params }) => ({ contact: await service.detail(operator, params.id) }), { admin: true, params: ContactParams, response: { 200: ContactAnswer } })
    .post("/contacts/:id/conversations", async ({ operator, params, body, status }) => status(201, await service.start(operator, params.id, body)), {
      admin: true,
      params: ContactParams,
      body: StartBody,
      response: { 201: StartAnswer },
    });
