// The Deno entry (`deno task woes`): builds the browser bundles when missing, then runs the CLI on Deno's platform.
import { ensureBundles } from "./bundle";

await ensureBundles();
// note: imported after the bundles exist, since the app embeds them as text at import time.
const { runCli } = await import("../../main");
const { denoPlatform } = await import("./index");
runCli(denoPlatform);
