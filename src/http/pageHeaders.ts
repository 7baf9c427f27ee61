import type { ServerResponse } from 'node:http';

/**
 * The headers every HTML page of the service sends besides its own Content-Security-Policy: no
 * other site may frame it (X-Frame-Options for browsers that predate CSP's frame-ancestors),
 * no response is sniffed into another type, and no address of ours, with its query string,
 * leaves as a Referer.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

/** Sets a page's Content-Security-Policy and the headers every page sends. */
export function setPageSecurityHeaders(res: ServerResponse, contentSecurityPolicy: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) res.setHeader(name, value);
}
