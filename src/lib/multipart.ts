// Reading a multipart upload's own headers in linear time: the boundary of its content type and
// the quoted file name of its `file` part (which Deno's multipart parser cuts at "=" or ";").

/** MAX_PART_HEADER caps the header block of one part that is looked at. */
export const MAX_PART_HEADER = 8 * 1024;

/** headerParameters reads the `; key=value` parameters after a header's first token in one pass
 *  (keys lowercased, quoted values unescaped, the first of a repeated key kept). */
export function headerParameters(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const n = value.length;
  let i = value.indexOf(";");
  if (i === -1) return out;
  while (i < n) {
    i++;
    let key = "";
    while (i < n && value[i] !== "=" && value[i] !== ";") key += value[i++];
    if (i >= n || value[i] === ";") continue;
    i++;
    while (value[i] === " " || value[i] === "\t") i++;
    let val = "";
    if (value[i] === '"') {
      i++;
      while (i < n && value[i] !== '"') {
        if (value[i] === "\\" && i + 1 < n) i++;
        val += value[i++];
      }
      while (i < n && value[i] !== ";") i++;
    } else {
      while (i < n && value[i] !== ";") val += value[i++];
      val = val.trim();
    }
    key = key.trim().toLowerCase();
    if (key && !out.has(key)) out.set(key, val);
  }
  return out;
}

/** boundaryOf is the boundary of a multipart content type, or null. */
export const boundaryOf = (contentType: string): string | null => headerParameters(contentType).get("boundary") || null;

/** partFileName finds the part named `file` in the head of a multipart body (one character per byte) and
 *  answers its file name as sent (UTF-8, as browsers send it), or null; it runs in time linear in head. */
export function partFileName(head: string, boundary: string): string | null {
  const delimiter = `--${boundary}`;
  let at = head.startsWith(delimiter) ? 0 : head.indexOf(`\r\n${delimiter}`);
  while (at !== -1) {
    const start = head.indexOf("\r\n", at + 2) + 2;
    if (start === 1 || head.startsWith("--", at + (at === 0 ? 0 : 2) + delimiter.length)) return null;
    const end = head.slice(start, start + MAX_PART_HEADER).indexOf("\r\n\r\n");
    if (end === -1) return null;
    for (const line of head.slice(start, start + end).split("\r\n")) {
      if (line.slice(0, 20).toLowerCase() !== "content-disposition:") continue;
      const params = headerParameters(line.slice(20));
      if (params.get("name") !== "file") break;
      const name = params.get("filename");
      return name === undefined ? null : new TextDecoder().decode(Uint8Array.from(name, (c) => c.charCodeAt(0)));
    }
    at = head.indexOf(`\r\n${delimiter}`, start + end);
  }
  return null;
}
