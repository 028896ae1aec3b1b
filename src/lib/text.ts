// Small text helpers shared by serializers and server-rendered pages.

/** iso renders epoch milliseconds as an ISO 8601 UTC timestamp, the form every answer uses. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** escapeHtml makes text safe inside HTML text and double-quoted attributes. */
export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
