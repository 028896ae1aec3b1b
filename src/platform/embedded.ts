// Files embedded into the executable at build time: migrations, the widget bundle and the console.
// note: text imports are resolved by the bundler, so the compiled binary needs no file beside it.
import init from "../../db/migrations/0000_init.sql" with { type: "text" };
import inboxByActivity from "../../db/migrations/0001_inbox_by_activity.sql" with { type: "text" };
import adminTokenExpiry from "../../db/migrations/0003_admin_token_expiry.sql" with { type: "text" };
import agents from "../../db/migrations/0004_agents.sql" with { type: "text" };
import scale from "../../db/migrations/0005_scale.sql" with { type: "text" };
import operatorWork from "../../db/migrations/0006_operator_work.sql" with { type: "text" };
import searchSavedReplies from "../../db/migrations/0007_search_saved_replies.sql" with { type: "text" };
import mail from "../../db/migrations/0009_mail.sql" with { type: "text" };
import searchSecureDelete from "../../db/migrations/0010_search_secure_delete.sql" with { type: "text" };
import attachments from "../../db/migrations/0011_attachments.sql" with { type: "text" };
import alerts from "../../db/migrations/0012_alerts.sql" with { type: "text" };
import searchAsyncIndex from "../../db/migrations/0013_search_async_index.sql" with { type: "text" };
import mailRetry from "../../db/migrations/0014_mail_retry.sql" with { type: "text" };
import teamFigures from "../../db/migrations/0017_team_figures.sql" with { type: "text" };
import operatorStarted from "../../db/migrations/0018_operator_started.sql" with { type: "text" };
import scrubResumeTokens from "../../db/migrations/0019_scrub_resume_tokens.sql" with { type: "text" };
import operatorUnread from "../../db/migrations/0020_operator_unread.sql" with { type: "text" };
import mailOutbox from "../../db/migrations/0021_mail_outbox.sql" with { type: "text" };
import lastReply from "../../db/migrations/0022_last_reply.sql" with { type: "text" };
import unassignFormerMembers from "../../db/migrations/0023_unassign_former_members.sql" with { type: "text" };
import presenceSeen from "../../db/migrations/0024_presence_seen.sql" with { type: "text" };
import assignedOnly from "../../db/migrations/0025_assigned_only.sql" with { type: "text" };
import activityMark from "../../db/migrations/0026_activity_mark.sql" with { type: "text" };
import postgresInit from "../../db/pg/migrations/0000_init.sql" with { type: "text" };
import postgresTriggers from "../../db/pg/migrations/0001_triggers.sql" with { type: "text" };
import postgresConversationSeq from "../../db/pg/migrations/0002_conversation_seq.sql" with { type: "text" };
import postgresSearch from "../../db/pg/migrations/0003_search.sql" with { type: "text" };
import postgresPassageSearch from "../../db/pg/migrations/0004_passage_search.sql" with { type: "text" };
import postgresPresenceSeen from "../../db/pg/migrations/0005_presence_seen.sql" with { type: "text" };
import postgresAssignedOnly from "../../db/pg/migrations/0006_assigned_only.sql" with { type: "text" };
import widgetLoader from "../../widget/dist/woes.js" with { type: "text" };
import widgetMessenger from "../../widget/dist/messenger.js" with { type: "text" };
import widgetLocales from "../../widget/dist/locales.json" with { type: "text" };
import consoleScript from "../console/dist/console.js" with { type: "text" };
import consoleStyles from "../console/dist/console.css" with { type: "text" };
import type { Asset } from "../lib/asset";
import type { Migration } from "../../db/store";

/** migrations lists every drizzle-kit migration in journal order. */
export const migrations: Migration[] = [
  { tag: "0000_init", sql: init },
  { tag: "0001_inbox_by_activity", sql: inboxByActivity },
  { tag: "0003_admin_token_expiry", sql: adminTokenExpiry },
  { tag: "0004_agents", sql: agents },
  { tag: "0005_scale", sql: scale },
  { tag: "0006_operator_work", sql: operatorWork },
  { tag: "0007_search_saved_replies", sql: searchSavedReplies },
  { tag: "0009_mail", sql: mail },
  { tag: "0010_search_secure_delete", sql: searchSecureDelete },
  { tag: "0011_attachments", sql: attachments },
  { tag: "0012_alerts", sql: alerts },
  { tag: "0013_search_async_index", sql: searchAsyncIndex },
  { tag: "0014_mail_retry", sql: mailRetry },
  { tag: "0017_team_figures", sql: teamFigures },
  { tag: "0018_operator_started", sql: operatorStarted },
  { tag: "0019_scrub_resume_tokens", sql: scrubResumeTokens },
  { tag: "0020_operator_unread", sql: operatorUnread },
  { tag: "0021_mail_outbox", sql: mailOutbox },
  { tag: "0022_last_reply", sql: lastReply },
  { tag: "0023_unassign_former_members", sql: unassignFormerMembers },
  { tag: "0024_presence_seen", sql: presenceSeen },
  { tag: "0025_assigned_only", sql: assignedOnly },
  { tag: "0026_activity_mark", sql: activityMark },
];

/** postgresMigrations lists the Postgres migrations (db/pg/migrations, drizzle-kit's postgresql dialect) in journal order. */
export const postgresMigrations: Migration[] = [
  { tag: "0000_init", sql: postgresInit },
  { tag: "0001_triggers", sql: postgresTriggers },
  { tag: "0002_conversation_seq", sql: postgresConversationSeq },
  { tag: "0003_search", sql: postgresSearch },
  { tag: "0004_passage_search", sql: postgresPassageSearch },
  { tag: "0005_presence_seen", sql: postgresPresenceSeen },
  { tag: "0006_assigned_only", sql: postgresAssignedOnly },
];

/** Forms are the brotli and gzip forms the build made of one text. */
export type Forms = Pick<Asset, "br" | "gzip">;

/** embeddedAssets joins the embedded texts with their compressed forms, which each runtime embeds its own way
 *  (src/platform/<runtime>/assets.ts): the widget scripts served at /widget.js and /widget-messenger.js, and
 *  the operator console's client bundle and stylesheet, served under /admin. */
export function embeddedAssets(forms: { loader: Forms; messenger: Forms; script: Forms; styles: Forms }) {
  return {
    widget: { loader: { text: widgetLoader, ...forms.loader }, messenger: { text: widgetMessenger, ...forms.messenger }, locales: locales() },
    console: { script: { text: consoleScript, ...forms.script }, styles: { text: consoleStyles, ...forms.styles } },
  };
}

const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** locales are the messenger's language tables (widget/build.ts writeLocales), with their compressed forms. */
function locales(): Record<string, Asset> {
  // note: imported as text (TypeScript types a .json import as its object; the bundler hands over the text).
  const tables = JSON.parse(widgetLocales as unknown as string) as Record<string, { text: string; br: string; gzip: string }>;
  return Object.fromEntries(Object.entries(tables).map(([lang, t]) => [lang, { text: t.text, br: bytes(t.br), gzip: bytes(t.gzip) }]));
}

/** Assets are what the server serves from inside the executable. */
export type Assets = ReturnType<typeof embeddedAssets>;
