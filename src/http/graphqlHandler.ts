import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { parseBody, readBody } from './body';

/**
 * Hands one HTTP request to Apollo Server (GET or POST /graphql) and writes its answer.
 * Apollo's own HTTP machinery does content negotiation, CSRF checks and status codes.
 */
export async function handleGraphQL<TContext extends BaseContext>(
  req: IncomingMessage,
  res: ServerResponse,
  apollo: ApolloServer<TContext>,
  createContext: () => TContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = req.method === 'POST' ? parseBody(await readBody(req), req.headers['content-type']) : undefined;
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
    context: async () => createContext(),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
