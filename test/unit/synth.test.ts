import { SECTIONS, type SectionName } from '../../src/ingest/datasetSchema';
import { checkPlan } from '../../src/ingest/checks';
import { planDataset } from '../../src/ingest/plan';
import { generateSynthGraph, referenceLabels, synthScale, Zipf, randomSource, type SynthChunk } from '../../src/synth/generate';
import type { EntityLabel } from '../../src/domain/entities';
import { parseSynthArgs } from '../../src/cli/synth';

function generate(projects: number, seed = 7, chunkSize = 400): SynthChunk[] {
  return [...generateSynthGraph({ projects, seed, chunkSize, reservedCountryCodes: ['TR', 'CH', 'GB'] })];
}

describe('the synthetic graph generator', () => {
  const chunks = generate(1_000);
  const reference = chunks[0]!;
  const projectChunks = chunks.slice(1);
  const projects = projectChunks.flatMap((c) => c.dataset.projects.map((p) => p.entry));

  it('gives the same graph for the same seed, and another for another seed', () => {
    expect(JSON.stringify(generate(200))).toBe(JSON.stringify(generate(200)));
    expect(JSON.stringify(generate(200, 8))).not.toBe(JSON.stringify(generate(200)));
  });

  it('has the scale it announces, in chunks of the size asked', () => {
    const scale = synthScale(1_000);
    expect(reference.kind).toBe('reference');
    expect(reference.dataset.countries).toHaveLength(scale.countries);
    expect(reference.dataset.organisations).toHaveLength(scale.organisations);
    expect(reference.dataset.legalFrameworks).toHaveLength(scale.legalFrameworks);
    expect(projectChunks.map((c) => c.dataset.projects.length)).toEqual([400, 400, 200]);
    expect(new Set(projects.map((p) => p.id)).size).toBe(1_000);
  });

  it('leaves the reserved country codes alone', () => {
    const codes = reference.dataset.countries.map((c) => c.entry.isoCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ['TR', 'CH', 'GB']) expect(codes).not.toContain(code);
  });

  it('writes every entry in the dataset format', () => {
    for (const chunk of chunks) {
      for (const section of Object.keys(SECTIONS) as SectionName[]) {
        for (const { entry } of chunk.dataset[section]) {
          const parsed = SECTIONS[section].safeParse(entry);
          if (!parsed.success) throw new Error(`${section} ${JSON.stringify(entry).slice(0, 120)}: ${parsed.error.message}`);
        }
      }
    }
  });

  it('passes the ingestion checks: references resolve and every excerpt is in its document', () => {
    const known = new Map<string, EntityLabel>();
    for (const [id, label] of referenceLabels(reference)) known.set(id, label);
    for (const chunk of chunks) expect(() => checkPlan(planDataset(chunk.dataset), chunk.documents, known)).not.toThrow();
  });

  it('spreads projects over organisations by a power law: a few take part in many, most in few', () => {
    const per = new Map<string, number>();
    for (const p of projects) for (const link of [...p.implementedBy, ...p.beneficiaries]) per.set(link.id, (per.get(link.id) ?? 0) + 1);
    const counts = [...per.values()].sort((a, b) => b - a);
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    expect(counts[0]).toBeGreaterThan(20 * Math.max(median, 1));
    const donors = new Set(projects.flatMap((p) => p.fundedBy.map((f) => f.id)));
    expect(donors.size).toBeLessThanOrEqual(synthScale(1_000).donors);
    expect(projects.every((p) => p.fundedBy.length >= 1 && p.implementedBy.length >= 1 && p.beneficiaries.length >= 1 && p.countries.length >= 1)).toBe(true);
  });

  it('mixes date precisions and never mixes up currencies', () => {
    const precisions = new Set(projects.map((p) => (p.start ?? '').length));
    expect(precisions).toEqual(new Set([4, 7, 10]));
    for (const p of projects) if (p.budget) expect(p.budget.currency).toMatch(/^[A-Z]{3}$/);
    for (const p of projects) if (p.start && p.end) expect(p.end >= p.start).toBe(true);
  });
});

describe('Zipf', () => {
  it('draws low ranks most often and stays in range', () => {
    const zipf = new Zipf(100, 1.1, randomSource(1));
    const seen = new Array<number>(100).fill(0);
    for (let i = 0; i < 20_000; i += 1) {
      const n = zipf.next();
      seen[n] = (seen[n] ?? 0) + 1;
    }
    expect(seen).toHaveLength(100);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(seen[0]).toBeGreaterThan(seen[9]! * 5);
    expect(zipf.distinct(5)).toHaveLength(5);
    expect(new Set(zipf.distinct(200)).size).toBeLessThanOrEqual(100);
  });
});

describe('npm run synth options', () => {
  it('takes --import for an empty database, and refuses a batch size with it, saying why', () => {
    expect(parseSynthArgs(['--projects', '5', '--import'])).toEqual({ projects: 5, seed: 2026, batchSize: undefined, importTool: true, checkWorkers: undefined });
    expect(parseSynthArgs(['--projects', '5', '--batch-size', '200'])).toEqual({ projects: 5, seed: 2026, batchSize: 200, importTool: false, checkWorkers: undefined });
    expect(parseSynthArgs(['--projects', '5', '--import', '--check-workers', '0'])).toMatchObject({ importTool: true, checkWorkers: 0 });
    expect(parseSynthArgs(['--projects', '5', '--check-workers', '3'])).toMatchObject({ checkWorkers: 3 });
    expect(() => parseSynthArgs(['--projects', '5', '--check-workers', 'two'])).toThrow(/--check-workers needs a whole number of at least 0; got "two"/);
    expect(() => parseSynthArgs(['--projects', '5', '--check-workers'])).toThrow(/--check-workers needs a whole number of at least 0; got ""/);
    expect(() => parseSynthArgs(['--projects', '5', '--import', '--batch-size', '200'])).toThrow(/--batch-size is for the transactional load; --import writes files/);
  });
});
