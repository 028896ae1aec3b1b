// URL helpers for hot paths, where parsing a whole URL per request costs more than the work.

/** pathStartsWith tells whether an absolute URL's path starts with prefix, without parsing it. */
export function pathStartsWith(url: string, prefix: string): boolean {
  const at = url.indexOf("/", url.indexOf("//") + 2);
  return at !== -1 && url.startsWith(prefix, at);
}

/** decodedOrAsIs percent-decodes text, or returns it as it came when its escapes are malformed ("%zz"). */
export function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
