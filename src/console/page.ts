// The console's HTML: one static shell for every /admin page, and the widget test page.
import { installSnippet } from "../domain/snippet";
import { escapeHtml as escape } from "../lib/text";

/** CONSOLE_CSP allows only this server's own script, styles and connections: no inline code. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** shellPage is the console's HTML: the client bundle renders everything into #app. */
export function shellPage(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light">
<title>Woes console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/console.css?v=${version}">
<script type="module" src="/admin/console.js?v=${version}"></script>
</head>
<body>
<div id="app" class="boot">Loading the Woes console…</div>
<noscript>The Woes console needs JavaScript.</noscript>
</body>
</html>
`;
}

/** PageText is what a widget page says around the chat: its title, the small line above the heading, the heading
 *  (all plain text) and its paragraphs (HTML, already escaped). */
export interface PageText {
  title: string;
  eyebrow: string;
  heading: string;
  html: string;
}

/** widgetPage is a plain page of this server carrying the install snippet of publicKey, exactly as a site would.
 * note: it carries no CSP on purpose, like most customer sites the snippet lands on. */
export function widgetPage(origin: string, publicKey: string, text: PageText): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(text.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/console.css">
</head>
<body class="test-page">
<main>
<p class="eyebrow">${escape(text.eyebrow)}</p>
<h1>${escape(text.heading)}</h1>
${text.html}
</main>
${installSnippet(origin, publicKey)}
</body>
</html>
`;
}

/** testPage is the widget test page, so the owner can try the widget on this server. */
export function testPage(origin: string, workspaceName: string, publicKey: string): string {
  return widgetPage(origin, publicKey, {
    title: `Widget test page · ${workspaceName}`,
    eyebrow: "Woes · widget test page",
    heading: workspaceName,
    html: `<p>This page carries the install snippet of <code>${escape(publicKey)}</code>, exactly as your site would.
Open the chat bubble in the corner and send a message: it appears in the console's inbox.</p>
<p class="muted">Visitors of this page are real visitors of the workspace.</p>`,
  });
}

/** chatPage is the chat page this server hosts for a workspace: where a mailed link reopens a conversation
 *  when the visitor's page is on no origin the owner listed. */
export function chatPage(origin: string, workspaceName: string, publicKey: string): string {
  return widgetPage(origin, publicKey, {
    title: `Chat · ${workspaceName}`,
    eyebrow: "Chat",
    heading: workspaceName,
    html: `<p>Your conversation with ${escape(workspaceName)} opens in the chat window in the corner. Write there to continue it.</p>`,
  });
}
