// Runs before the test suite: the widget bundle must exist, since the app embeds it as text.
import { buildWidget } from "../widget/build";

await buildWidget();
