// Runs before the test suite (in each worker of a parallel run): the widget and console bundles must exist, since the
// app embeds them as text; each file is written whole and renamed into place, so no worker reads another's half-written file.
import { buildWidget } from "../widget/build";
import { buildConsole } from "../src/platform/bun/console-build";

await buildWidget();
await buildConsole();
