// Settings → Install: the snippet with the real key and public origin, a copy button, and a test page.
import { admin, snippet, type WidgetKey } from "../admin";
import { copyText, h, mount, toast } from "../dom";
import { icon } from "./icons";
import { card, errorText, field } from "./parts";
import type { Section } from "./settings";

const keyLabel = (k: WidgetKey) => `${k.kind === "agent" ? "Agent key" : "Workspace key"} · ${k.key.slice(0, 12)}…`;

/** installSection shows the snippet of a chosen live key. */
export const installSection: Section = async (host, ws) => {
  const keys = (await admin.keys(ws.id)).filter((k) => !k.revoked && !k.revokedAt);
  if (!keys.length) return mount(host, card("No live widget key", h("p", null, "Create a key in "), h("a", { href: "/admin/settings/keys", "data-link": true }, "Settings → Keys"), "."));
  const select = h("select", { "aria-label": "Widget key" }, keys.map((k) => h("option", { value: k.key }, keyLabel(k))));
  const code = h("code", { class: "snippet", "data-testid": "snippet" }, "Loading…");
  const copy = h("button", { class: "btn btn-primary", type: "button", "data-testid": "copy-snippet" }, icon("copy", 16), h("span", null, "Copy snippet"));
  const tryLink = h("a", { class: "btn btn-secondary", target: "_blank", rel: "noopener", "data-testid": "test-page" }, "Open test page");
  let text = "";

  async function show() {
    tryLink.setAttribute("href", `/admin/try/${encodeURIComponent(select.value)}`);
    try {
      text = await snippet(select.value);
      code.textContent = text;
    } catch (e) {
      code.textContent = errorText(e);
    }
  }
  copy.addEventListener("click", async () => {
    if (await copyText(text)) {
      copy.classList.add("done");
      copy.lastElementChild!.textContent = "Copied";
      toast("Snippet copied to the clipboard");
      setTimeout(() => {
        copy.classList.remove("done");
        copy.lastElementChild!.textContent = "Copy snippet";
      }, 2000);
    } else toast("Copy failed: select the text and copy it by hand", "error");
  });
  select.addEventListener("change", () => void show());

  mount(
    host,
    card(
      "Install snippet",
      h("p", null, "Paste this before ", h("code", null, "</body>"), " on every page where visitors should be able to chat. It loads the messenger from this server."),
      keys.length > 1 ? field("Key", select, "Agent keys route new conversations to their agent.") : null,
      h("pre", { class: "code", tabindex: 0 }, code),
      h("div", { class: "form-actions" }, copy, tryLink),
    ),
    card(
      "Check it works",
      h("ol", { class: "steps" },
        h("li", null, "Open the test page: it carries the same snippet, served by this server."),
        h("li", null, "Click the chat bubble in its corner and send a message."),
        h("li", null, "Come back to the ", h("a", { href: "/admin/inbox", "data-link": true }, "Inbox"), ": the conversation is there, live."),
      ),
    ),
    card(
      "Next steps",
      h("ul", { class: "steps" },
        h("li", null, "Verify who your signed-in customers are: ", h("a", { href: "/admin/settings/keys", "data-link": true }, "identity verification"), "."),
        h("li", null, "Limit the key to your site's origins, in ", h("a", { href: "/admin/settings/keys", "data-link": true }, "Keys"), "."),
        h("li", null, "Turn on a ", h("a", { href: "/admin/settings/surveys", "data-link": true }, "CSAT or NPS survey"), " and ", h("a", { href: "/admin/team", "data-link": true }, "invite your team"), "."),
      ),
    ),
  );
  await show();
};
