// The install snippet: the queue stub, then the script tag of the Widget API document.
import { escapeHtml as attr } from "../lib/text";

/** QUEUE_STUB queues calls made before the runtime loads (CONTRACT §3). */
export const QUEUE_STUB = "window.Woes=window.Woes||function(){(Woes.q=Woes.q||[]).push(arguments)};";

/** installSnippet returns the HTML a site owner pastes before </body>. */
export function installSnippet(origin: string, publicKey: string): string {
  const base = origin.replace(/\/+$/, "");
  return [
    `<script>${QUEUE_STUB}</script>`,
    `<script`,
    `  async`,
    `  src="${attr(base)}/widget.js"`,
    `  data-public-key="${attr(publicKey)}"`,
    `  data-api="${attr(base)}/api/widget/messages"`,
    `></script>`,
  ].join("\n");
}
