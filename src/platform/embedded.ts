// Files embedded into the executable at build time: migrations, the widget bundle and the console.
// note: text imports are resolved by the bundler, so the compiled binary needs no file beside it.
import init from "../../db/migrations/0000_init.sql" with { type: "text" };
import inboxByActivity from "../../db/migrations/0001_inbox_by_activity.sql" with { type: "text" };
import agents from "../../db/migrations/0004_agents.sql" with { type: "text" };
import widgetLoader from "../../widget/dist/woes.js" with { type: "text" };
import widgetMessenger from "../../widget/dist/messenger.js" with { type: "text" };
import consoleScript from "../console/dist/console.js" with { type: "text" };
import consoleStyles from "../console/dist/console.css" with { type: "text" };
import type { Migration } from "../../db/store";

/** migrations lists every drizzle-kit migration in journal order. */
export const migrations: Migration[] = [
  { tag: "0000_init", sql: init },
  { tag: "0001_inbox_by_activity", sql: inboxByActivity },
  { tag: "0004_agents", sql: agents },
];

/** widgetAssets are the built widget scripts served at /widget.js and /widget-messenger.js. */
export const widgetAssets = { loader: widgetLoader as string, messenger: widgetMessenger as string };

/** consoleAssets are the operator console's client bundle and stylesheet, served under /admin. */
export const consoleAssets = { script: consoleScript as string, styles: consoleStyles as string };
