// The Bun entry (`bun run build` compiles it into dist/woes): runs the CLI on Bun's platform.
import { runCli } from "../../main";
import { bunPlatform } from "./index";

runCli(bunPlatform);
