import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../projectRoot';

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
// only with an install and may be cached for an hour.
const ASSETS: Record<string, { file: () => string; type: string; cache: string }> = {
  'explorer.js': { file: () => explorerFile('explorer.js'), type: 'text/javascript', cache: 'no-cache' },
  'explorer.css': { file: () => explorerFile('explorer.css'), type: 'text/css', cache: 'no-cache' },
  // Listed in cytoscape's `exports` map, so it resolves without reaching into the package.
  'cytoscape.js': { file: () => require.resolve('cytoscape/dist/cytoscape.min.js'), type: 'text/javascript', cache: 'public, max-age=3600' },
};

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

function stream(file: string, type: string, res: ServerResponse, cache: string): void {
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Cache-Control', cache);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  createReadStream(file)
    .on('error', () => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    })
    .pipe(res);
}

/** Serves the explorer page or one of its assets; false when the path is neither. */
export function serveExplorer(pathname: string, res: ServerResponse): boolean {
  if (pathname === EXPLORER_PATH || pathname === `${EXPLORER_PATH}/`) {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    stream(explorerFile('index.html'), 'text/html', res, 'no-cache');
    return true;
  }
  if (!pathname.startsWith(EXPLORER_ASSET_PREFIX)) return false;
  const asset = ASSETS[pathname.slice(EXPLORER_ASSET_PREFIX.length)];
  if (!asset) return false;
  stream(asset.file(), asset.type, res, asset.cache);
  return true;
}
