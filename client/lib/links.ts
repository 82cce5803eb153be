/**
 * The only hrefs the page renders from data are http(s) addresses. The server
 * checks links when they arrive; this checks again where they leave as markup,
 * so a bad record can never become a javascript: link.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
