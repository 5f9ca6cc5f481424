/**
 * The URL of the next page from an RFC 8288 `Link` header (`<url>; rel="next"`, as the API's lists send it), or null on
 * the last page. Other relations and malformed parts are ignored.
 */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2]);
    if (rels && rels[1].split(/\s+/).includes('next')) return match[1];
  }
  return null;
}
