/**
 * The layers of src/, bottom to top, checked by `npm run deps:check` (and by `npm test` after
 * the type-check). A module may import its own layer and the layers below it, never above:
 *
 *   domain        the rules of the domain; imports nothing of ours
 *   errors        the one error vocabulary
 *   platform      projectRoot.ts, net.ts, neo4j-server/: the machine and the folders
 *   db            the driver, the executor, the query builders, the repositories
 *   security, ingest, synth   peers over db; security imports neither of the others, and
 *                 ingest does not import synth (synth loads what it generates through ingest)
 *   graphql       Apollo assembly, resolvers, loaders, cursors, and src/generated (codegen output,
 *                 which names graphql/context.ts as its context type)
 *   http          routes and the server
 *   config.ts     reads every layer's settings from the environment, so it sits above them;
 *                 only the entry points read it (the data layer takes its fields by shape)
 *   cli/, main.ts the entry points; nothing imports them
 *
 * Type-only imports count: a type from a higher layer ties the lower one to it just the same.
 */

const SRC = '^src/';
/** The layers above `db`, as path patterns, so each rule below lists what a layer may not reach. */
const SECURITY = '^src/security/';
const INGEST = '^src/ingest/';
const SYNTH = '^src/synth/';
const GRAPHQL = ['^src/graphql/', '^src/generated/'];
const HTTP = '^src/http/';
const CONFIG = '^src/config[.]ts$';
const ENTRY = ['^src/cli/', '^src/main[.]ts$'];

/** A rule forbidding imports from `from` to any of `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: to } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle makes the order of loading decide what a module sees; break it with a module both sides import.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'src/domain holds the rules of the domain; everything imports it and it imports nothing back.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: SRC, pathNot: '^src/domain/' },
    },
    {
      name: 'errors-import-only-domain',
      comment: 'The error vocabulary is read by every layer, so it may only lean on the domain.',
      severity: 'error',
      from: { path: '^src/errors/' },
      to: { path: SRC, pathNot: ['^src/errors/', '^src/domain/'] },
    },
    {
      name: 'platform-imports-only-below',
      comment: 'projectRoot.ts, net.ts and neo4j-server/ know the machine, not the service.',
      severity: 'error',
      from: { path: ['^src/projectRoot[.]ts$', '^src/net[.]ts$', '^src/neo4j-server/'] },
      to: { path: SRC, pathNot: ['^src/domain/', '^src/errors/', '^src/projectRoot[.]ts$', '^src/net[.]ts$', '^src/neo4j-server/'] },
    },
    forbid('db-stays-below-its-users', 'The data layer serves ingest, security, synth, graphql and http; it imports none of them.', '^src/db/', [
      SECURITY,
      INGEST,
      SYNTH,
      ...GRAPHQL,
      HTTP,
      CONFIG,
      ...ENTRY,
    ]),
    forbid('security-stays-below-ingest', 'security is read by ingest and by the API; it imports neither.', SECURITY, [
      INGEST,
      SYNTH,
      ...GRAPHQL,
      HTTP,
      CONFIG,
      ...ENTRY,
    ]),
    forbid('ingest-knows-nothing-of-graphql', 'Ingestion reads, checks and loads datasets; it knows nothing of the API.', INGEST, [
      SYNTH,
      ...GRAPHQL,
      HTTP,
      CONFIG,
      ...ENTRY,
    ]),
    forbid('synth-knows-nothing-of-graphql', 'The generator builds datasets and loads them through ingest.', SYNTH, [...GRAPHQL, HTTP, CONFIG, ...ENTRY]),
    forbid('graphql-stays-below-http', 'The GraphQL layer is served by http/; it does not reach into routes or entry points.', GRAPHQL, [HTTP, CONFIG, ...ENTRY]),
    forbid('http-stays-below-the-entry-points', 'The server is started by main.ts and the tools; it is given its settings.', HTTP, [CONFIG, ...ENTRY]),
    forbid('config-stays-below-the-entry-points', 'config.ts is read by the entry points, never the other way.', CONFIG, [HTTP, ...ENTRY]),
    {
      name: 'only-cli-imports-cli',
      comment: 'The command-line tools are entry points: main.ts and the layers take nothing from them.',
      severity: 'error',
      from: { path: SRC, pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-main',
      comment: 'main.ts is the composition root.',
      severity: 'error',
      from: { path: SRC },
      to: { path: '^src/main[.]ts$' },
    },
    {
      name: 'only-db-imports-the-driver',
      comment: 'neo4j-driver is the data layer\'s: sessions, transactions and its errors stay in src/db.',
      severity: 'error',
      from: { path: SRC, pathNot: '^src/db/' },
      to: { path: 'node_modules/neo4j-driver' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: { path: SRC },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
