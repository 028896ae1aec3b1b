// The Deno entry (`deno task woes`, which first builds the browser bundles when they are missing): runs the CLI on Deno's platform.
import { runCli } from "../../main";
import { denoPlatform } from "./index";

runCli(denoPlatform);
