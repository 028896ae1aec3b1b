// Files embedded into the executable at build time: migrations, the widget bundle and the console.
// note: text imports are resolved by the bundler, so the compiled binary needs no file beside it.
import init from "../../db/migrations/0000_init.sql" with { type: "text" };
import inboxByActivity from "../../db/migrations/0001_inbox_by_activity.sql" with { type: "text" };
import adminTokenExpiry from "../../db/migrations/0003_admin_token_expiry.sql" with { type: "text" };
import agents from "../../db/migrations/0004_agents.sql" with { type: "text" };
import scale from "../../db/migrations/0005_scale.sql" with { type: "text" };
import widgetLoader from "../../widget/dist/woes.js" with { type: "text" };
import widgetMessenger from "../../widget/dist/messenger.js" with { type: "text" };
import consoleScript from "../console/dist/console.js" with { type: "text" };
import consoleStyles from "../console/dist/console.css" with { type: "text" };
import loaderBr from "../../widget/dist/woes.js.br" with { type: "file" };
import loaderGz from "../../widget/dist/woes.js.gz" with { type: "file" };
import messengerBr from "../../widget/dist/messenger.js.br" with { type: "file" };
import messengerGz from "../../widget/dist/messenger.js.gz" with { type: "file" };
import consoleScriptBr from "../console/dist/console.js.br" with { type: "file" };
import consoleScriptGz from "../console/dist/console.js.gz" with { type: "file" };
import consoleStylesBr from "../console/dist/console.css.br" with { type: "file" };
import consoleStylesGz from "../console/dist/console.css.gz" with { type: "file" };
import { readFileSync } from "node:fs";
import type { Asset } from "../lib/asset";
import type { Migration } from "../../db/store";

/** migrations lists every drizzle-kit migration in journal order. */
export const migrations: Migration[] = [
  { tag: "0000_init", sql: init },
  { tag: "0001_inbox_by_activity", sql: inboxByActivity },
  { tag: "0003_admin_token_expiry", sql: adminTokenExpiry },
  { tag: "0004_agents", sql: agents },
  { tag: "0005_scale", sql: scale },
];

// note: the compressed forms are embedded as files (bytes, not text); in the executable their paths are inside it.
const withForms = (text: string, br: string, gzip: string): Asset => ({ text, br: new Uint8Array(readFileSync(br)), gzip: new Uint8Array(readFileSync(gzip)) });

/** widgetAssets are the built widget scripts served at /widget.js and /widget-messenger.js. */
export const widgetAssets = { loader: withForms(widgetLoader, loaderBr, loaderGz), messenger: withForms(widgetMessenger, messengerBr, messengerGz) };

/** consoleAssets are the operator console's client bundle and stylesheet, served under /admin. */
export const consoleAssets = { script: withForms(consoleScript, consoleScriptBr, consoleScriptGz), styles: withForms(consoleStyles, consoleStylesBr, consoleStylesGz) };
