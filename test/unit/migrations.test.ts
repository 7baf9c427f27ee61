import { readMigrations, splitStatements } from '../../src/db/driver/migrations';

describe('splitStatements', () => {
  it('splits on semicolons at line ends and drops comments', () => {
    const text = '// a comment\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\n\nCREATE INDEX b IF NOT EXISTS\nFOR (n:B) ON (n.y);\n';
    expect(splitStatements(text)).toEqual(['CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)', 'CREATE INDEX b IF NOT EXISTS\nFOR (n:B) ON (n.y)']);
  });
});

describe('cypher/migrations', () => {
  const migrations = readMigrations();

  it('are numbered in order without gaps', () => {
    expect(migrations.map((m) => Number(m.id.slice(0, 3)))).toEqual(migrations.map((_m, i) => i + 1));
  });

  it('are idempotent: every statement creates only IF NOT EXISTS', () => {
    const statements = migrations.flatMap((m) => m.statements);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect(statement).toMatch(/IF NOT EXISTS/);
  });

  it('constrain the id of every entity label to be unique', () => {
    const text = migrations.flatMap((m) => m.statements).join('\n');
    for (const label of ['Entity', 'Organisation', 'Project', 'Country', 'LegalFramework', 'Person', 'Source']) {
      expect(text).toMatch(new RegExp(`FOR \\(n:${label}\\) REQUIRE n\\.id IS UNIQUE`));
    }
  });
});
