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

/** testPage is a plain page with the install snippet, so the owner can try the widget on this server.
 * note: it carries no CSP on purpose, like most customer sites the snippet lands on. */
export function testPage(origin: string, workspaceName: string, publicKey: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Widget test page · ${escape(workspaceName)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/console.css">
</head>
<body class="test-page">
<main>
<p class="eyebrow">Woes · widget test page</p>
<h1>${escape(workspaceName)}</h1>
<p>This page carries the install snippet of <code>${escape(publicKey)}</code>, exactly as your site would.
Open the chat bubble in the corner and send a message: it appears in the console's inbox.</p>
<p class="muted">Visitors of this page are real visitors of the workspace.</p>
</main>
${installSnippet(origin, publicKey)}
</body>
</html>
`;
}
