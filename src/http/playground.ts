import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { EXAMPLE_QUERIES } from './exampleQueries';
import { setPageSecurityHeaders } from './pageHeaders';
import { sendStaticFile, type StaticFile } from './staticFile';

/**
 * A GraphiQL playground served from locally installed packages, because Apollo's default
 * landing page loads from a CDN that offline users cannot reach.
 */

// Resolved through each package's folder: their `exports` maps do not list the UMD builds.
function packageFile(pkg: string, file: string): () => string {
  return () => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * What starts the playground, served as a file so that the page runs no inline script: it reads
 * the endpoint and the example tabs from the page's JSON data block (which CSP lets through,
 * since a data block is never run) and renders GraphiQL into #graphiql.
 */
const BOOT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: config.endpoint }),
    defaultTabs: config.tabs,
    defaultEditorToolsVisibility: true,
  }));
})();
`;

const PAGE_STYLE = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

/**
 * The playground's assets by name. A Map, not an object literal, so that a path such as
 * /playground/assets/valueOf finds nothing rather than a member of Object.prototype.
 */
const PACKAGE_ASSETS: ReadonlyMap<string, StaticFile> = new Map([
  ['react.js', { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript', cacheControl: 'public, max-age=3600' }],
  ['react-dom.js', { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript', cacheControl: 'public, max-age=3600' }],
  ['graphiql.js', { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript', cacheControl: 'public, max-age=3600' }],
  ['graphiql.css', { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css', cacheControl: 'public, max-age=3600' }],
]);

/** The service's own small assets, kept in this module; they change with the service, so are revalidated. */
const OWN_ASSETS: ReadonlyMap<string, { type: string; body: string }> = new Map([
  ['playground.js', { type: 'text/javascript', body: BOOT_SCRIPT }],
  ['playground.css', { type: 'text/css', body: PAGE_STYLE }],
]);

export const PLAYGROUND_ASSET_PREFIX = '/playground/assets/';

/**
 * Everything the page loads comes from this origin and nothing inline runs. GraphiQL's
 * stylesheet embeds its fonts and icons as data: URLs. GraphiQL and CodeMirror set element
 * styles from script (through the CSSOM, which style-src does not govern), so no inline style
 * needs allowing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** True when the client would rather have a page than JSON (a browser's GET). */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.includes('text/html') && !accept.startsWith('application/json');
}

/**
 * Serves one of the playground's assets (GET, or HEAD for the headers alone); false when the
 * name is not one of them, so the caller answers 404.
 */
export function servePlaygroundAsset(name: string, method: string | undefined, res: ServerResponse): boolean {
  const own = OWN_ASSETS.get(name);
  if (own !== undefined) {
    res.setHeader('Content-Type', `${own.type}; charset=utf-8`);
    res.setHeader('Content-Length', String(Buffer.byteLength(own.body)));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(method === 'HEAD' ? undefined : own.body);
    return true;
  }
  const asset = PACKAGE_ASSETS.get(name);
  if (asset === undefined) return false;
  sendStaticFile(asset, method, res);
  return true;
}

// Embedded in a <script> element: "<" is escaped so that no string can close it.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The playground page's HTML. */
export function playgroundHtml(endpoint: string): string {
  const tabs = EXAMPLE_QUERIES.map((example) => ({
    query: example.query,
    variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined,
  }));
  // An empty data: icon, as the explorer has, so the browser does not ask for /favicon.ico (a 404).
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Migration governance graph · GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${PLAYGROUND_ASSET_PREFIX}graphiql.css">
  <link rel="stylesheet" href="${PLAYGROUND_ASSET_PREFIX}playground.css">
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script type="application/json" id="playground-config">${scriptJson({ endpoint, tabs })}</script>
  <script src="${PLAYGROUND_ASSET_PREFIX}react.js"></script>
  <script src="${PLAYGROUND_ASSET_PREFIX}react-dom.js"></script>
  <script src="${PLAYGROUND_ASSET_PREFIX}graphiql.js"></script>
  <script src="${PLAYGROUND_ASSET_PREFIX}playground.js"></script>
</body>
</html>`;
}

/** Writes the playground page with its security headers; HEAD gets the headers alone. */
export function servePlaygroundPage(endpoint: string, method: string | undefined, res: ServerResponse): void {
  const html = playgroundHtml(endpoint);
  setPageSecurityHeaders(res, CONTENT_SECURITY_POLICY);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(html)));
  res.setHeader('Cache-Control', 'no-cache');
  res.end(method === 'HEAD' ? undefined : html);
}
