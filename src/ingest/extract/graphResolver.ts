import type { CypherCatalog } from '../../db/cypher/catalog';
import { newQueryStats, type Database } from '../../db/driver/database';
import { QueryRunner } from '../../db/driver/queryRunner';
import { EntityRepository } from '../../db/repositories/entityRepository';
import { NameRepository } from '../../db/repositories/nameRepository';
import type { EntityLabel } from '../../domain/entities';
import { identifiersOf, matchOf, partialDateText, type ExtractionResolver, type KnownProject, type NameMatch } from './resolution';

/**
 * Resolution against the graph `npm start` serves: names through NameRepository (the names
 * issue's resolver, scores and rules as `match` gives them), projects by identifier through a
 * named query, and a known project's facts through the entity repository.
 */
export class GraphResolver implements ExtractionResolver {
  private readonly runner: QueryRunner;
  private readonly names: NameRepository;
  private readonly entities: EntityRepository;

  constructor(db: Database, catalog: CypherCatalog) {
    this.runner = new QueryRunner(db, catalog, newQueryStats());
    this.names = new NameRepository(this.runner);
    this.entities = new EntityRepository(this.runner);
  }

  async resolve(name: string, label: EntityLabel): Promise<NameMatch> {
    const outcome = await this.names.resolve(name, [label]);
    const match = matchOf(outcome.decision);
    if (match.kind !== 'linked' || label !== 'Organisation') return match;
    // The linked body's country, so that a state body of another country is only proposed.
    const candidates = await this.names.candidates(name, [label], false);
    const country = candidates.find((c) => c.names.id === match.id)?.names.country?.iso;
    return country ? { ...match, country } : match;
  }

  async projectsWithIdentifier(value: string): Promise<string[]> {
    const rows = await this.runner.read<{ id: string; identifiersJson: unknown }>('extract.projectsByIdentifier', { value });
    return rows.filter((row) => identifiersOf(row.identifiersJson).some((i) => i.value === value)).map((row) => row.id);
  }

  async project(id: string): Promise<KnownProject | null> {
    const [record] = await this.entities.findByIds([id]);
    if (!record || record.__typename !== 'Project') return null;
    return {
      id: record.id,
      name: record.name,
      acronym: record.acronym ?? undefined,
      start: partialDateText(record.startDate, record.startPrecision),
      end: partialDateText(record.endDate, record.endPrecision),
      durationMonths: record.durationMonths ?? undefined,
      status: record.status ?? undefined,
      budget: record.budget ?? undefined,
      identifiers: record.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
    };
  }
}
