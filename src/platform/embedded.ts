// Files embedded into the executable at build time: migrations and the widget bundle.
// note: text imports are resolved by the bundler, so the compiled binary needs no file beside it.
import init from "../../db/migrations/0000_init.sql" with { type: "text" };
import widgetLoader from "../../widget/dist/woes.js" with { type: "text" };
import widgetMessenger from "../../widget/dist/messenger.js" with { type: "text" };
import type { Migration } from "../../db/store";

/** migrations lists every drizzle-kit migration in journal order. */
export const migrations: Migration[] = [{ tag: "0000_init", sql: init }];

/** widgetAssets are the built widget scripts served at /widget.js and /widget-messenger.js. */
export const widgetAssets = { loader: widgetLoader as string, messenger: widgetMessenger as string };
