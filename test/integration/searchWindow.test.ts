import { CypherCatalog } from '../../src/db/cypher/catalog';
import type { Database } from '../../src/db/driver/database';
import { QueryRunner } from '../../src/db/driver/queryRunner';
import { SearchRepository, toLuceneQuery } from '../../src/db/repositories/searchRepository';
import { levelProjection } from '../../src/db/cypher/fold';
import type { EntityLabel } from '../../src/domain/entities';
import { normaliseName } from '../../src/domain/names';
import { ingest } from '../../src/ingest/ingest';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';

/**
 * A first page of search read from a window of the best hits (search.fulltext.window) holds
 * what the page search.fulltext reads from every hit holds, or is read again from every hit:
 * the same scores in the same order, the same entities for each score above the page's lowest
 * (of the hits that tie at the lowest, the window's are ordered by name), exact names first,
 * for common words, ties of equal scores (the synthetic world's names differ by a number
 * only) and type filters that leave the window short.
 */

const token = uniqueToken();
const catalog = new CypherCatalog();
let db: Database;

beforeAll(async () => {
  db = connectTestDatabase();
  const world = syntheticWorld(token, 120, 6);
  const fixture = writeFixture(world.files, world.documents);
  await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir });
});

afterAll(async () => {
  await db.close();
});

/** The page as search.fulltext reads it, from every hit. */
async function everyHit(text: string, limit: number, labels: readonly EntityLabel[] | null): Promise<Array<[string, number]>> {
  const runner = new QueryRunner(db, catalog);
  const rows = await runner.read<{ props: { id: string }; score: number }>(
    'search.fulltext',
    { query: toLuceneQuery(text), limit, labels, key: normaliseName(text) },
    { PROPS: levelProjection('n0', ['id']) },
  );
  return rows.map((row) => [row.props.id, row.score]);
}

describe('a search page read from a window of the best hits', () => {
  const texts = [
    token,
    `${token} Organisation 1`,
    `${token} Project 007`,
    `${token.toUpperCase()}P3`,
    'Organisation',
    'project',
    'synthetic project number',
    'migration',
    'traffick',
    'Türkiye',
    'DGMM',
    'IOM',
  ];
  const filters: Array<readonly EntityLabel[] | null> = [null, ['Organisation'], ['Country', 'LegalFramework'], ['Person']];

  it('answers what reading every hit answers, for every text, page size and type filter', async () => {
    let windowOnly = 0;
    let cases = 0;
    for (const text of texts) {
      for (const limit of [1, 3, 20, 100]) {
        for (const labels of filters) {
          const runner = new QueryRunner(db, catalog);
          const hits = await new SearchRepository(runner).search(text, limit, labels, ['id'], false);
          const expected = await everyHit(text, limit, labels);
          const got = hits.map((hit): [string, number] => [hit.entity.id, hit.score]);
          const lowest = expected[expected.length - 1]?.[1];
          const above = (page: Array<[string, number]>) => page.filter(([, score]) => score !== lowest).map(([id, score]) => `${score} ${id}`).sort();
          const where = { text, limit, labels };
          expect({ ...where, scores: got.map(([, score]) => score) }).toEqual({ ...where, scores: expected.map(([, score]) => score) });
          expect({ ...where, above: above(got) }).toEqual({ ...where, above: above(expected) });
          // No entity twice.
          expect(new Set(got.map(([id]) => id)).size).toBe(got.length);
          cases += 1;
          if (runner.stats.queries === 1) windowOnly += 1;
        }
      }
    }
    // The window alone answers most pages: otherwise it would only add a query.
    expect(windowOnly).toBeGreaterThan(cases * 0.75);
    // And some are read again, or this test would not show that the check works.
    expect(windowOnly).toBeLessThan(cases);
  }, 120_000);

  it('puts an exact name first, with its highlight when asked for', async () => {
    // "<token> Project 007" is exactly one project's name; the other 119 match two of its words.
    const runner = new QueryRunner(db, catalog);
    const hits = await new SearchRepository(runner).search(`${token} Project 007`, 5, null, ['id', 'name'], true);
    expect(hits[0]?.entity.id).toBe(`project:${token}-p-007`);
    expect(hits[0]?.highlight).toContain('<mark>');
  });
});
