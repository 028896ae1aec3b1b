// The compressed forms of the embedded assets, embedded as files (`with { type: "file" }`): in the executable
// their paths are inside it.
import { readFileSync } from "node:fs";
import loaderBr from "../../../widget/dist/woes.js.br" with { type: "file" };
import loaderGz from "../../../widget/dist/woes.js.gz" with { type: "file" };
import messengerBr from "../../../widget/dist/messenger.js.br" with { type: "file" };
import messengerGz from "../../../widget/dist/messenger.js.gz" with { type: "file" };
import consoleScriptBr from "../../console/dist/console.js.br" with { type: "file" };
import consoleScriptGz from "../../console/dist/console.js.gz" with { type: "file" };
import consoleStylesBr from "../../console/dist/console.css.br" with { type: "file" };
import consoleStylesGz from "../../console/dist/console.css.gz" with { type: "file" };
import { embeddedAssets } from "../embedded";

const forms = (br: string, gzip: string) => ({ br: new Uint8Array(readFileSync(br)), gzip: new Uint8Array(readFileSync(gzip)) });

/** assets are the widget and console, with the forms the build compressed. */
export const assets = embeddedAssets({
  loader: forms(loaderBr, loaderGz),
  messenger: forms(messengerBr, messengerGz),
  script: forms(consoleScriptBr, consoleScriptGz),
  styles: forms(consoleStylesBr, consoleStylesGz),
});
