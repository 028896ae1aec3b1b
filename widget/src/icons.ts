// The launcher's icons (Settings → Appearance, session `settings.launcher.icon`): short SVG paths on a 24-unit
// grid, drawn as strokes; shared by the loader and the console's preview.
import type { LauncherIcon } from "../../src/domain/settings";

/** ICONS maps each launcher icon the server accepts to its path; `chat` is the default. */
export const ICONS: Record<LauncherIcon, string> = {
  chat: "M4 5h16v11H9l-5 4z",
  question: "M8 8a4 4 0 1 1 4 4v3m0 4v.01",
  headset: "M4 18v-6a8 8 0 0 1 16 0v6M4 14h3v5H4zm13 0h3v5h-3z",
  envelope: "M3 6h18v12H3zl9 7 9-7",
};
