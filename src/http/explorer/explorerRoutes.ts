import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../projectRoot';
import { setPageSecurityHeaders } from '../pageHeaders';
import { sendStaticFile, type StaticFile } from '../staticFile';

/**
 * The graph explorer: a static page, a plain browser script and a stylesheet from this folder,
 * and Cytoscape.js from node_modules, all served by the service itself (no CDN, no build
 * step), so the explorer works offline and behind a strict Content-Security-Policy.
 */
export const EXPLORER_PATH = '/explore';
export const EXPLORER_ASSET_PREFIX = '/explore/assets/';

// The static files are read from the source folder (compiled code runs from dist/, where tsc
// copies no HTML, CSS or browser JavaScript), found from the project root.
function explorerFile(file: string): string {
  return path.join(projectRoot(), 'src', 'http', 'explorer', file);
}

// The explorer's own files change with the service and are revalidated; Cytoscape.js changes
// only with an install and may be cached for an hour. A Map, not an object literal, so that a
// path such as /explore/assets/constructor finds nothing rather than Object.prototype's member.
const ASSETS: ReadonlyMap<string, StaticFile> = new Map([
  ['explorer.js', { file: () => explorerFile('explorer.js'), type: 'text/javascript', cacheControl: 'no-cache' }],
  ['explorer.css', { file: () => explorerFile('explorer.css'), type: 'text/css', cacheControl: 'no-cache' }],
  // Listed in cytoscape's `exports` map, so it resolves without reaching into the package.
  ['cytoscape.js', { file: () => require.resolve('cytoscape/dist/cytoscape.min.js'), type: 'text/javascript', cacheControl: 'public, max-age=3600' }],
]);

const PAGE: StaticFile = { file: () => explorerFile('index.html'), type: 'text/html', cacheControl: 'no-cache' };

/**
 * The one inline style the page allows: when it starts, Cytoscape.js's renderer adds a <style>
 * element (id `__________cytoscape_stylesheet`) holding exactly this rule to the page's head;
 * its hash lets that one through while every other inline style stays refused.
 */
const CYTOSCAPE_CONTAINER_STYLE = '.__________cytoscape_container { position: relative; }';
const CYTOSCAPE_STYLE_HASH = `'sha256-${createHash('sha256').update(CYTOSCAPE_CONTAINER_STYLE).digest('base64')}'`;

// Everything the page loads comes from this origin; nothing inline runs.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${CYTOSCAPE_STYLE_HASH}`,
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the explorer page or one of its assets (GET, or HEAD for the headers alone); false
 * when the path is neither, so the caller answers 404.
 */
export function serveExplorer(pathname: string, method: string | undefined, res: ServerResponse): boolean {
  if (pathname === EXPLORER_PATH || pathname === `${EXPLORER_PATH}/`) {
    setPageSecurityHeaders(res, CONTENT_SECURITY_POLICY);
    sendStaticFile(PAGE, method, res);
    return true;
  }
  if (!pathname.startsWith(EXPLORER_ASSET_PREFIX)) return false;
  const asset = ASSETS.get(pathname.slice(EXPLORER_ASSET_PREFIX.length));
  if (asset === undefined) return false;
  sendStaticFile(asset, method, res);
  return true;
}
