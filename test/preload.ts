// Runs before the test suite: the widget and console bundles must exist, since the app embeds them as text.
import { buildWidget } from "../widget/build";
import { buildConsole } from "../src/platform/bun/console-build";

await buildWidget();
await buildConsole();
