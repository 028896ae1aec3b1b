// Sources of an agent: read (JSON or upload), reduce to text, split into passages, list, delete.
import { and, asc, eq } from "drizzle-orm";
import * as v from "valibot";
import { agents, agentSources, passages } from "../../../../db/schema";
import { htmlToText, looksLikeHtml, splitPassages } from "../../../agents/text";
import type { AppContext } from "../../../context";
import { fieldErrors } from "../../../lib/field-errors";
import { HttpError, invalid, InvalidFields } from "../../../lib/http-error";
import { newId } from "../../../lib/ids";
import { iso } from "../../../lib/text";
import type { Operator } from "../../../plugins/admin-auth";
import { readUpload } from "../../../plugins/bounds";
import { existingWorkspace } from "../shared";
import { MAX_SOURCE_BYTES, SourceBody, type AdminSource } from "./model";

type SourceRow = typeof agentSources.$inferSelect;

// note: a 1 MiB text grows when JSON-escaped or wrapped in multipart, so the request may be larger.
const MAX_REQUEST_BYTES = 3 * MAX_SOURCE_BYTES;
const FORMATS: Record<string, SourceBody["format"]> = { md: "markdown", markdown: "markdown", txt: "text", text: "text", html: "html", htm: "html" };

const adminSource = (s: SourceRow): AdminSource => ({ id: s.id, title: s.title, ...(s.url ? { url: s.url } : {}), chars: s.chars, chunks: s.chunks, createdAt: iso(s.createdAt) });

/** readSourceBody takes a JSON source (already parsed) or reads a multipart upload (after authentication) (`file`, `title?`, `url?`) into a SourceBody. */
export async function readSourceBody(request: Request, body: unknown): Promise<SourceBody> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const length = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () => new HttpError(413, "body_too_large", "A source is at most 1 MiB of text.");
  if (length > MAX_REQUEST_BYTES) throw tooLarge();
  let raw: Record<string, unknown>;
  if (type.startsWith("application/json")) {
    if (!body || typeof body !== "object" || Array.isArray(body)) throw invalid("body", "Send an object {title, text, url?}.");
    raw = body as Record<string, unknown>;
  } else if (type.startsWith("multipart/form-data")) {
    // note: the bounds plugin leaves the upload unread; it is read here, after the operator is known.
    const form = await readUpload(request, MAX_SOURCE_BYTES).catch((e) => {
      throw e instanceof HttpError && e.status === 413 ? tooLarge() : e;
    });
    const file = form.get("file");
    if (!(file instanceof Blob)) throw invalid("file", "Upload one file in the field `file`.");
    if (file.size > MAX_SOURCE_BYTES) throw tooLarge();
    const name = (file as File).name ?? "";
    const format = FORMATS[/\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ""];
    if (!format) throw new HttpError(415, "unsupported_media_type", "Upload a .md, .txt or .html file.", "file");
    const title = String(form.get("title") ?? "").trim() || name.replace(/\.[a-z]+$/i, "") || "Untitled";
    raw = { title, text: await file.text(), url: form.get("url") || undefined, format };
  } else throw new HttpError(415, "unsupported_media_type", "Send the source as application/json or multipart/form-data.");
  const parsed = v.safeParse(SourceBody, raw);
  if (!parsed.success) throw new InvalidFields(fieldErrors(parsed.issues));
  return parsed.output;
}

/** SourceService keeps an agent's attached context; changes need the admin role. */
export class SourceService {
  constructor(private ctx: AppContext) {}

  private async agentOf(operator: Operator, workspaceId: string, agentId: string, minRole: "operator" | "admin") {
    await existingWorkspace(this.ctx.store.db, operator, workspaceId, minRole);
    const agent = await this.ctx.store.db.select({ id: agents.id }).from(agents).where(and(eq(agents.id, agentId), eq(agents.workspaceId, workspaceId))).get();
    if (!agent) throw new HttpError(404, "agent_not_found", "No such agent in this workspace.");
    return agent;
  }

  /** list returns the agent's sources, oldest first. */
  async list(operator: Operator, workspaceId: string, agentId: string): Promise<{ sources: AdminSource[] }> {
    await this.agentOf(operator, workspaceId, agentId, "operator");
    const rows = await this.ctx.store.db.select().from(agentSources).where(eq(agentSources.agentId, agentId)).orderBy(asc(agentSources.createdAt), asc(agentSources.id)).all();
    return { sources: rows.map(adminSource) };
  }

  /** add reduces the text, splits it into passages and stores source and passages in one transaction. */
  async add(operator: Operator, workspaceId: string, agentId: string, body: SourceBody): Promise<AdminSource> {
    await this.agentOf(operator, workspaceId, agentId, "admin");
    const html = body.format === "html" || (body.format === undefined && looksLikeHtml(body.text));
    const text = html ? htmlToText(body.text) : body.text.trim();
    const pieces = splitPassages(text, body.title);
    if (pieces.length === 0) throw invalid("text", "The text has no words to answer from.");
    const row: SourceRow = { id: newId("src"), workspaceId, agentId, title: body.title, url: body.url ?? null, chars: text.length, chunks: pieces.length, createdAt: this.ctx.clock.now() };
    await this.ctx.store.write(async (tx) => {
      await tx.insert(agentSources).values(row).run();
      // note: the words index follows the passage table through triggers: FTS5's on SQLite (migration 0004_agents),
      // passage_words on Postgres (0004_passage_search).
      for (let i = 0; i < pieces.length; i += 200) {
        await tx.insert(passages).values(pieces.slice(i, i + 200).map((p) => ({ sourceId: row.id, agentId, heading: p.heading, text: p.text }))).run();
      }
    });
    return adminSource(row);
  }

  /** remove deletes a source and its passages (and so their index entries). */
  async remove(operator: Operator, workspaceId: string, agentId: string, sourceId: string): Promise<void> {
    await this.agentOf(operator, workspaceId, agentId, "admin");
    const removed = await this.ctx.store.write(async (tx) => {
      const where = and(eq(agentSources.id, sourceId), eq(agentSources.agentId, agentId));
      if (!await tx.select({ id: agentSources.id }).from(agentSources).where(where).get()) return false;
      await tx.delete(passages).where(eq(passages.sourceId, sourceId)).run();
      await tx.delete(agentSources).where(where).run();
      return true;
    });
    if (!removed) throw new HttpError(404, "source_not_found", "No such source for this agent.");
  }
}
