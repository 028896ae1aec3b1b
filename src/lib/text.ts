// Small text helpers shared by serializers and server-rendered pages.

/** iso renders epoch milliseconds as an ISO 8601 UTC timestamp, the form every answer uses. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** escapeHtml makes text safe inside HTML text and double-quoted attributes. */
export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** withoutControls drops control characters (C0 but tab and line breaks, DEL, C1) from text people write: they
 *  show as nothing, and JSON writes each as six bytes, so a body of them would be a tiny message costing much. */
export const withoutControls = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "");
