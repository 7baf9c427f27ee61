/**
 * What the comparison servers share: their environment, JSON over node:http, and a clean
 * exit on SIGTERM/SIGINT.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServerEnv {
  uri: string;
  user: string;
  password: string;
  host: string;
  port: number;
}

/** NEO4J_URI, NEO4J_USER (neo4j), NEO4J_PASSWORD, HOST (127.0.0.1), PORT (`defaultPort`; 0 picks a free one). */
export function serverEnv(defaultPort: number, env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const uri = env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI must be set');
  const port = env.PORT === undefined || env.PORT === '' ? defaultPort : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT ?? ''}"`);
  return { uri, user: env.NEO4J_USER || 'neo4j', password: env.NEO4J_PASSWORD ?? '', host: env.HOST || '127.0.0.1', port };
}

/** The request body as text (at most 1 MB). */
export function readBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** On SIGTERM or SIGINT: stop accepting, let in-flight requests finish (5 s at most), close, exit 0. */
export function installShutdown(http: Server, close: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    const grace = setTimeout(() => http.closeAllConnections(), 5_000);
    closed
      .then(close)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(1);
        },
      )
      .finally(() => clearTimeout(grace));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * Answers every request with `route`, a failure with 500; listens on env's host and port,
 * installs the clean shutdown (closing with `close`), and prints `listening on <url>`.
 */
export async function serve(env: ServerEnv, route: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>, close: () => Promise<void>): Promise<void> {
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    route(req, res, path).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(env.port, env.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  installShutdown(http, close);
  process.stdout.write(`listening on http://${env.host}:${port}\n`);
}
