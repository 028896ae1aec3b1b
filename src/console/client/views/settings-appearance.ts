// Settings → Appearance: name, theme, brand colour, greeting, launcher placement and icon, with a live preview of
// the messenger drawn with the same colours the widget derives (widget/src/brand.ts).
import { palette, contrast } from "../../../../widget/src/brand";
import { ICONS } from "../../../../widget/src/icons";
import type { LauncherIcon } from "../../../domain/settings";
import { admin, type Workspace } from "../admin";
import { h, mount, s as svg, toast } from "../dom";
import { clearFieldErrors, showFieldErrors } from "./form-errors";
import { card, field } from "./parts";
import type { Section } from "./settings";

const DEFAULT_BRAND = "#4f46e5";
const LANGUAGES = [["", "The visitor's browser language"], ["en", "English"], ["de", "Deutsch"], ["fr", "Français"], ["es", "Español"], ["pt", "Português"], ["it", "Italiano"], ["nl", "Nederlands"], ["ja", "日本語"], ["ar", "العربية"]] as const;

/** greetingLines shows per-language greetings one a line ("de: Hallo!"); parseGreetings reads them back. */
const greetingLines = (g: Record<string, string> = {}) => Object.entries(g).map(([lang, text]) => `${lang}: ${text}`).join("\n");
const parseGreetings = (text: string) =>
  Object.fromEntries(text.split("\n").map((line) => line.match(/^\s*([A-Za-z-]+)\s*:\s*(.+?)\s*$/)).filter((m) => m).map((m) => [m![1]!, m![2]!]));
const ratio = (n: number) => `${n.toFixed(1)}:1`;
const ICON_NAMES: Record<LauncherIcon, string> = { chat: "Chat bubble", question: "Question mark", headset: "Headset", envelope: "Envelope" };

/** preview draws a small messenger: header, a visitor bubble, a link and the launcher, in both themes. */
function preview() {
  const themes = (["light", "dark"] as const).map((theme) => {
    const title = h("strong", null);
    const greeting = h("small", null);
    const header = h("div", { class: "pv-header" }, title, greeting);
    const bubble = h("span", { class: "pv-bubble" }, "Where is my order?");
    const link = h("span", { class: "pv-link" }, "Track your parcel");
    const icon = svg("path", { d: ICONS.chat });
    const launcher = h("span", { class: "pv-launcher", "aria-hidden": "true" }, svg("svg", { viewBox: "0 0 24 24" }, icon));
    const pane = h("div", { class: `pv pv-${theme}`, "data-theme": theme }, header, h("div", { class: "pv-body" }, bubble, link), launcher);
    return { theme, pane, header, title, greeting, bubble, link, launcher, icon };
  });
  const checks = h("p", { class: "muted small", "data-testid": "contrast" });
  const el = h("div", { class: "pv-wrap", "aria-label": "Preview" }, themes.map((t) => t.pane), checks);
  /** draw repaints the preview from the form's values. */
  const draw = (v: { name: string; brand: string; greeting: string; left: boolean; icon: LauncherIcon }) => {
    const lines: string[] = [];
    for (const t of themes) {
      const p = palette(v.brand, t.theme == "dark");
      for (const part of [t.header, t.bubble, t.launcher]) part.style.setProperty("background", p.accent), part.style.setProperty("color", p.on);
      t.link.style.setProperty("color", p.link);
      t.title.textContent = v.name || "Chat";
      t.greeting.textContent = v.greeting || "Ask us anything, we reply here";
      t.pane.classList.toggle("pv-left", v.left);
      t.icon.setAttribute("d", ICONS[v.icon]);
      lines.push(`${t.theme}: text on the colour ${ratio(contrast(p.accent, p.on))}, links ${ratio(contrast(p.link, p.bg))}`);
    }
    checks.textContent = `Contrast (WCAG AA needs 4.5:1) — ${lines.join("; ")}.`;
  };
  return { el, draw };
}

/** appearanceSection edits how the messenger looks and introduces itself. */
export const appearanceSection: Section = (host, ws, saved) => {
  const s = ws.settings;
  const name = h("input", { value: ws.name, maxlength: 200, name: "name" });
  const theme = h("select", { name: "theme" }, ["auto", "light", "dark"].map((t) => h("option", { value: t }, t === "auto" ? "Follow the visitor's system" : t[0]!.toUpperCase() + t.slice(1))));
  theme.value = s.theme;
  const picker = h("input", { type: "color", name: "brandPicker", value: s.brandColor ?? DEFAULT_BRAND, "aria-label": "Pick a brand colour" });
  const brand = h("input", { name: "brandColor", value: s.brandColor ?? "", placeholder: DEFAULT_BRAND, pattern: "#[0-9a-fA-F]{6}", maxlength: 7 });
  const greeting = h("input", { name: "greeting", value: s.greeting ?? "", maxlength: 160, placeholder: "Ask us anything, we reply here" });
  const locale = h("select", { name: "locale" }, LANGUAGES.map(([value, label]) => h("option", { value }, label)));
  locale.value = s.locale ?? "";
  const greetings = h("textarea", { name: "greetings", rows: 3, placeholder: "de: Hallo! Wie können wir helfen?\nfr: Bonjour ! Comment pouvons-nous aider ?" }, greetingLines(s.greetings));
  const position = h("select", { name: "position" }, h("option", { value: "right" }, "Bottom right"), h("option", { value: "left" }, "Bottom left"));
  position.value = s.launcher?.position ?? "right";
  const icon = h("select", { name: "icon" }, Object.entries(ICON_NAMES).map(([value, label]) => h("option", { value }, label)));
  icon.value = s.launcher?.icon ?? "chat";
  const x = h("input", { type: "number", name: "offsetX", "data-field": "settings.launcher.offset.x", min: 0, max: 400, value: s.launcher?.offset?.x ?? 20 });
  const y = h("input", { type: "number", name: "offsetY", "data-field": "settings.launcher.offset.y", min: 0, max: 600, value: s.launcher?.offset?.y ?? 20 });
  const live = preview();
  const valid = (c: string) => /^#[0-9a-fA-F]{6}$/.test(c);
  const repaint = () => live.draw({ name: name.value.trim(), brand: valid(brand.value) ? brand.value : DEFAULT_BRAND, greeting: greeting.value.trim(), left: position.value == "left", icon: icon.value as LauncherIcon });
  picker.addEventListener("input", () => ((brand.value = picker.value), repaint()));
  brand.addEventListener("input", () => (valid(brand.value) && (picker.value = brand.value), repaint()));
  for (const input of [name, greeting, position, icon, x, y]) input.addEventListener("input", repaint);
  const form = h(
    "form",
    { class: "form", novalidate: true },
    field("Workspace name", name, "Shown in the messenger's header."),
    field("Default theme", theme, "Pages can still call Woes('setTheme', 'dark')."),
    field("Brand colour", h("span", { class: "inline-fields" }, picker, brand), "The launcher, header and buttons. Text on it is black or white, whichever reads better; empty keeps the default."),
    field("Greeting", greeting, "The line under the name in the header. Empty keeps the default."),
    field("Greetings per language", greetings, "One a line, as language: greeting. A visitor whose language is listed sees that one instead."),
    field("Language", locale, "The messenger speaks English, German, French, Spanish, Portuguese, Italian, Dutch, Japanese and Arabic."),
    field("Launcher", position),
    field("Launcher icon", icon),
    field("Distance from the side (px)", x),
    field("Distance from the bottom (px)", y),
    h("div", { class: "form-actions" }, h("button", { class: "btn btn-primary", type: "submit" }, "Save")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const settings = {
      theme: theme.value as Workspace["settings"]["theme"],
      brandColor: brand.value.trim() || null,
      greeting: greeting.value.trim() || null,
      greetings: greetings.value.trim() ? parseGreetings(greetings.value) : null,
      locale: locale.value || null,
      launcher: { position: position.value as "left" | "right", offset: { x: Number(x.value), y: Number(y.value) }, icon: icon.value as LauncherIcon },
    };
    try {
      saved(await admin.updateWorkspace(ws.id, { name: name.value.trim(), settings }));
      clearFieldErrors(form);
      toast("Appearance saved");
    } catch (err) {
      showFieldErrors(form, err);
    }
  });
  repaint();
  mount(host, h("div", { class: "appearance" }, card("Messenger", form), card("Preview", live.el)));
};
