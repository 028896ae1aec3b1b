// The compressed forms of the embedded assets, embedded as bytes (`with { type: "bytes" }`, Deno's raw imports).
import loaderBr from "../../../widget/dist/woes.js.br" with { type: "bytes" };
import loaderGz from "../../../widget/dist/woes.js.gz" with { type: "bytes" };
import messengerBr from "../../../widget/dist/messenger.js.br" with { type: "bytes" };
import messengerGz from "../../../widget/dist/messenger.js.gz" with { type: "bytes" };
import consoleScriptBr from "../../console/dist/console.js.br" with { type: "bytes" };
import consoleScriptGz from "../../console/dist/console.js.gz" with { type: "bytes" };
import consoleStylesBr from "../../console/dist/console.css.br" with { type: "bytes" };
import consoleStylesGz from "../../console/dist/console.css.gz" with { type: "bytes" };
import { embeddedAssets } from "../embedded";

// note: src/platform/text-imports.d.ts types these as Bun's file paths; under Deno they are the bytes.
const forms = (br: unknown, gzip: unknown) => ({ br: br as Uint8Array<ArrayBuffer>, gzip: gzip as Uint8Array<ArrayBuffer> });

/** assets are the widget and console, with the forms the build compressed. */
export const assets = embeddedAssets({
  loader: forms(loaderBr, loaderGz),
  messenger: forms(messengerBr, messengerGz),
  script: forms(consoleScriptBr, consoleScriptGz),
  styles: forms(consoleStylesBr, consoleStylesGz),
});
