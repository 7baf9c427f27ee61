import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

export interface StaticFile {
  /** Where the file is; a function, because some paths are resolved through node_modules on demand. */
  file: () => string;
  /** Its media type, without parameters. */
  type: string;
  cacheControl: string;
}

/**
 * Sends a file with its length, type and caching headers, never sniffed into another type.
 * HEAD gets the same headers and no body, so the file is not even opened.
 */
export function sendStaticFile(asset: StaticFile, method: string | undefined, res: ServerResponse): void {
  const file = asset.file();
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    // The install lost a file it shipped with: the server's fault, said without the path.
    res.statusCode = 500;
    res.end();
    return;
  }
  res.setHeader('Content-Type', `${asset.type}; charset=utf-8`);
  res.setHeader('Content-Length', String(size));
  res.setHeader('Cache-Control', asset.cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    })
    .pipe(res);
}
