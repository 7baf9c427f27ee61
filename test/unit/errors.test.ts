import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { ERROR_CODES, MASKED_MESSAGE, ServiceError, commandLineReport, isErrorCode, serviceErrorIn, type ErrorCode } from '../../src/errors';
import { formatErrorFor } from '../../src/graphql/formatError';
import { refusalHead } from '../../src/graphql/plugins/httpStatus';
import { projectRoot } from '../../src/projectRoot';
import { LIMIT_CODES } from '../../src/security/queryLimits';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every error code written in the source: raised, refused with, or compared against. */
function codesInSource(): Map<string, string> {
  const patterns = [/new ServiceError\(\s*'([A-Z][A-Z_]+)'/g, /\bcode: '([A-Z][A-Z_]+)'/g, /extensions\??\.code === '([A-Z][A-Z_]+)'/g];
  const found = new Map<string, string>();
  for (const file of sourceFiles(path.join(projectRoot(), 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.set(match[1]!, path.relative(projectRoot(), file));
  }
  return found;
}

describe('the table of error codes', () => {
  it('holds every code the source raises, refuses with or compares against', () => {
    const codes = codesInSource();
    expect(codes.size).toBeGreaterThan(10);
    const missing = [...codes].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('holds every code Apollo Server raises and every code of the query limits', () => {
    for (const code of [...Object.values(ApolloServerErrorCode), ...LIMIT_CODES]) expect({ code, known: isErrorCode(code) }).toEqual({ code, known: true });
  });

  it('answers every code with a 4xx or 5xx status, but the persisted-query codes Apollo answers with 200', () => {
    const apqCodes = ['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED'];
    for (const code of CODES) {
      const { status, setsGraphQLStatus } = ERROR_CODES[code];
      if (apqCodes.includes(code)) expect({ code, status, setsGraphQLStatus }).toEqual({ code, status: 200, setsGraphQLStatus: 'never' });
      else expect({ code, status: status >= 400 && status < 600 }).toEqual({ code, status: true });
    }
  });

  it('says for every code when it is raised, and gives each its own extension code', () => {
    for (const code of CODES) expect(ERROR_CODES[code].raisedWhen.length).toBeGreaterThan(20);
    const extensionCodes = CODES.map((code) => ERROR_CODES[code].extensionCode);
    expect(new Set(extensionCodes).size).toBe(CODES.length);
  });

  it('marks as unsafe the code of the unexpected, so its message never reaches a client in production', () => {
    expect(ERROR_CODES.INTERNAL_SERVER_ERROR.safeInProduction).toBe(false);
    expect(ERROR_CODES.DATABASE_ERROR.safeInProduction).toBe(true);
  });
});

describe('ServiceError', () => {
  it('takes its status and extension code from the table', () => {
    expect(new ServiceError('PAYLOAD_TOO_LARGE', 'too big').status).toBe(413);
    expect(new ServiceError('DATABASE_UNAVAILABLE', 'down').status).toBe(503);
    expect(new ServiceError('SENSITIVE_DATA', 'no', { details: { field: 'input.name' } }).extensions).toEqual({ code: 'SENSITIVE_DATA', field: 'input.name' });
  });

  it('keeps its cause for the log, apart from its message', () => {
    const cause = new Error('bolt://127.0.0.1:7687 ECONNREFUSED');
    const error = new ServiceError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.', { cause });
    expect(error.cause).toBe(cause);
    expect(error.message).not.toMatch(/bolt/);
    expect(new ServiceError('BAD_USER_INPUT', 'x').cause).toBeUndefined();
  });

  it('gives its code to the GraphQLError graphql-js wraps it in, and is found inside it again', () => {
    const error = new ServiceError('FORBIDDEN', 'This needs an API key with the role admin.');
    const wrapped = new GraphQLError(error.message, { originalError: error });
    expect(wrapped.extensions.code).toBe('FORBIDDEN');
    expect(serviceErrorIn(new GraphQLError('again', { originalError: wrapped }))).toBe(error);
    expect(serviceErrorIn(new GraphQLError('plain'))).toBeNull();
    expect(serviceErrorIn('not an error')).toBeNull();
  });

  it('is reported on the command line with its message, what its code means, and its cause', () => {
    const report = commandLineReport(new ServiceError('DATABASE_UNAVAILABLE', 'The database is unavailable.', { cause: new Error('ECONNREFUSED') }));
    expect(report).toEqual(['The database is unavailable.', `DATABASE_UNAVAILABLE: ${ERROR_CODES.DATABASE_UNAVAILABLE.raisedWhen}`, 'cause: ECONNREFUSED']);
  });

  it("names the code of a driver error's cause, which says what Neo4j refused", () => {
    const cause = new Neo4jError('The allocation of an extra 2.0 MiB would use more than the limit', 'Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'N/A', 'N/A');
    const report = commandLineReport(new ServiceError('DATABASE_ERROR', 'The database could not answer this request.', { cause }));
    expect(report[2]).toBe(`cause: ${cause.message} (Neo.TransientError.General.MemoryPoolOutOfMemoryError)`);
  });
});

describe('formatError in production', () => {
  const logs: string[] = [];
  const format = formatErrorFor({ production: true, log: (message) => logs.push(message) });

  it('shows the message of every code marked safe and masks every other, thrown in a resolver', () => {
    for (const code of CODES) {
      const original = new ServiceError(code, `detail of ${code}`);
      const located = new GraphQLError(original.message, { path: ['countries'], originalError: original });
      const formatted: GraphQLFormattedError = { message: original.message, path: ['countries'], extensions: { code } };
      const answer = format(formatted, located);
      if (ERROR_CODES[code].safeInProduction) expect(answer).toEqual({ message: `detail of ${code}`, path: ['countries'], extensions: { code } });
      else expect(answer).toEqual({ message: MASKED_MESSAGE, path: ['countries'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
  });

  it('shows the message of a safe code Apollo raised, and masks an unknown code and an error with none', () => {
    const parse: GraphQLFormattedError = { message: 'Syntax Error: Expected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(format(parse, new GraphQLError(parse.message))).toEqual({ message: parse.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    const unknown: GraphQLFormattedError = { message: 'secret detail', path: ['x'], extensions: { code: 'SOMETHING_ELSE' } };
    expect(format(unknown, new GraphQLError(unknown.message))).toEqual({ message: MASKED_MESSAGE, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const bare: GraphQLFormattedError = { message: 'secret detail', path: ['x'] };
    expect(format(bare, new Error('secret detail'))).toEqual({ message: MASKED_MESSAGE, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logs.join('\n')).toMatch(/secret detail/);
  });

  it("gives Apollo's refusals of a persisted query their own codes, says what was expected, and logs nothing", () => {
    logs.length = 0;
    const mismatch: GraphQLFormattedError = { message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(format(mismatch, new GraphQLError(mismatch.message))).toEqual({
      message: 'provided sha does not match query: extensions.persistedQuery.sha256Hash must be the SHA-256 (hex) of the exact query text sent with it.',
      extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' },
    });
    const version: GraphQLFormattedError = { message: 'Unsupported persisted query version' };
    expect(format(version, new GraphQLError(version.message)).extensions).toEqual({ code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED' });
    expect(logs).toEqual([]);
  });

  it('logs nothing for a client\'s mistake: a refused argument, a refused subscription', () => {
    logs.length = 0;
    for (const code of ['BAD_USER_INPUT', 'SUBSCRIPTIONS_NOT_SUPPORTED'] as const) {
      const original = new ServiceError(code, `wrong ${code}`);
      format({ message: original.message, extensions: { code } }, new GraphQLError(original.message, { originalError: original }));
    }
    const coercion: GraphQLFormattedError = { message: 'Variable "$n" got invalid value "x"; Int cannot represent non-integer value: "x"', extensions: { code: 'BAD_USER_INPUT' } };
    format(coercion, new GraphQLError(coercion.message));
    expect(logs).toEqual([]);
  });

  it('sends no details (the field) in production, and sends them outside it', () => {
    const original = new ServiceError('SENSITIVE_DATA', 'The field input.name names a person on the deny-list.', { details: { field: 'input.name' } });
    const located = new GraphQLError(original.message, { path: ['createEntity'], originalError: original });
    const formatted: GraphQLFormattedError = { message: original.message, path: ['createEntity'], extensions: { code: 'SENSITIVE_DATA' } };
    expect(format(formatted, located).extensions).toEqual({ code: 'SENSITIVE_DATA' });
    const development = formatErrorFor({ production: false, log: () => undefined });
    expect(development(formatted, located).extensions).toEqual({ code: 'SENSITIVE_DATA', field: 'input.name' });
  });
});

describe('the HTTP status of a GraphQL answer', () => {
  const head = (hasData: boolean, ...codes: string[]) => refusalHead(codes.map((code) => ({ message: code, extensions: { code } })), hasData);
  const answer = (...codes: string[]) => head(true, ...codes);

  it('is the table status of a refusing code: 503, 401 with WWW-Authenticate, 403, 400 for every limit', () => {
    expect(answer('DATABASE_UNAVAILABLE')).toEqual({ status: 503, headers: {} });
    expect(answer('UNAUTHENTICATED')).toEqual({ status: 401, headers: { 'www-authenticate': 'Bearer' } });
    expect(answer('FORBIDDEN')).toEqual({ status: 403, headers: {} });
    for (const code of LIMIT_CODES) expect({ code, head: answer(code) }).toEqual({ code, head: { status: 400, headers: {} } });
    for (const code of ['SUBSCRIPTIONS_NOT_SUPPORTED', 'PERSISTED_QUERY_HASH_MISMATCH', 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED']) expect({ code, head: head(false, code) }).toEqual({ code, head: { status: 400, headers: {} } });
  });

  it('is 400 for an input error when nothing was answered, and left at 200 when it sits beside data', () => {
    for (const code of ['BAD_USER_INPUT', 'SENSITIVE_DATA']) {
      expect({ code, head: head(false, code) }).toEqual({ code, head: { status: 400, headers: {} } });
      expect({ code, head: head(true, code) }).toEqual({ code, head: null });
    }
    expect(head(false, 'BAD_USER_INPUT', 'NOT_FOUND')?.status).toBe(400);
  });

  it("is left to Apollo for field errors and for the codes whose status Apollo sets, with or without data", () => {
    for (const code of ['NOT_FOUND', 'DATABASE_ERROR', 'INTERNAL_SERVER_ERROR', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED', 'SOMETHING_ELSE']) {
      expect({ code, head: head(false, code) }).toEqual({ code, head: null });
      expect({ code, head: head(true, code) }).toEqual({ code, head: null });
    }
    expect(refusalHead([{ message: 'no code' }], false)).toBeNull();
  });

  it('is the lowest status when refusals meet: a fault of the request before the trouble of the server', () => {
    expect(answer('DATABASE_UNAVAILABLE', 'QUERY_TOO_COSTLY')?.status).toBe(400);
    expect(answer('FORBIDDEN', 'UNAUTHENTICATED')?.status).toBe(401);
    expect(answer('DATABASE_UNAVAILABLE', 'FORBIDDEN', 'BAD_USER_INPUT')?.status).toBe(403);
    expect(head(false, 'DATABASE_UNAVAILABLE', 'FORBIDDEN', 'BAD_USER_INPUT')?.status).toBe(400);
  });
});
