import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { EXAMPLE_QUERIES } from './exampleQueries';

/**
 * A GraphiQL playground served from locally installed packages, because Apollo's default
 * landing page loads from a CDN that offline users cannot reach.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

// Resolved through each package's folder: their `exports` maps do not list the UMD builds.
function assetPath(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

export const PLAYGROUND_ASSET_PREFIX = '/playground/assets/';

/** True when the client would rather have a page than JSON (a browser's GET). */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.includes('text/html') && !accept.startsWith('application/json');
}

/** Serves one of the playground's assets; false when the name is not one of them. */
export function servePlaygroundAsset(name: string, res: ServerResponse): boolean {
  const asset = ASSETS[name];
  if (!asset) return false;
  res.setHeader('Content-Type', `${asset.type}; charset=utf-8`);
  res.setHeader('Cache-Control', 'public, max-age=3600');
  createReadStream(assetPath(asset.pkg, asset.file)).pipe(res);
  return true;
}

// Embedded in a <script> element: "<" is escaped so that no string can close it.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function playgroundHtml(endpoint: string): string {
  const tabs = EXAMPLE_QUERIES.map((example) => ({
    query: example.query,
    variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined,
  }));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Migration governance graph · GraphiQL</title>
  <link rel="stylesheet" href="${PLAYGROUND_ASSET_PREFIX}graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script src="${PLAYGROUND_ASSET_PREFIX}react.js"></script>
  <script src="${PLAYGROUND_ASSET_PREFIX}react-dom.js"></script>
  <script src="${PLAYGROUND_ASSET_PREFIX}graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${scriptJson(endpoint)} });
    const tabs = ${scriptJson(tabs)};
    const root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: true,
    }));
  </script>
</body>
</html>`;
}
