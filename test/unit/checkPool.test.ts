import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImportFileWriter } from '../../src/db/repositories/graphImport';
import { CheckPool } from '../../src/ingest/checkPool';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { checkedPlan } from '../../src/ingest/ingest';
import { generateSynthGraph, referenceLabels, type SynthChunk } from '../../src/synth/generate';
import type { EntityLabel } from '../../src/domain/entities';

/**
 * The checks of a large load on worker threads (CheckPool): the workers run the compiled
 * checkWorker (dist/src/ingest/checkWorker.js, which `npm test` builds first), and what they
 * send back must be what the same checks give in process, failures included.
 */

const TODAY = '2026-12-04';

function chunks(projects: number): SynthChunk[] {
  return [...generateSynthGraph({ projects, seed: 11, chunkSize: 300, reservedCountryCodes: ['TR', 'CH', 'GB'] })];
}

function knownFrom(reference: SynthChunk): Map<string, EntityLabel> {
  return new Map(referenceLabels(reference));
}

/** Every file of a folder, by name, with its text. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );
}

/** A copy of a chunk whose first project cites an excerpt its document does not hold. */
function withMissingExcerpt(chunk: SynthChunk): SynthChunk {
  const copy = structuredClone(chunk);
  const project = copy.dataset.projects[0];
  const evidence = project?.entry.evidence[0];
  if (!evidence) throw new Error('the generated chunk has no project with evidence');
  evidence.excerpt = 'a sentence no generated document holds';
  return copy;
}

describe('checks on worker threads (CheckPool)', () => {
  const generated = chunks(900);
  const reference = generated[0]!;
  const projectChunks = generated.slice(1);
  const known = knownFrom(reference);
  let dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-pool-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it('runs on workers and gives each chunk the plan the checks give in process', async () => {
    const pool = new CheckPool({ workers: 2 });
    try {
      expect(pool.workerThreads).toBe(2);
      const chunk = projectChunks[0]!;
      const fromWorker = await pool.check(chunk.dataset, { documents: chunk.documents, known });
      const inProcess = await checkedPlan(chunk.dataset, { documents: chunk.documents, known }, async () => new Map());
      expect(fromWorker.nodes.length).toBeGreaterThan(300);
      expect(fromWorker).toEqual(inProcess);
    } finally {
      await pool.close();
    }
  });

  it('writes the same import files from chunks rendered on workers as from plans rendered here', async () => {
    const render = async (workers: number): Promise<Record<string, string>> => {
      const dir = tempDir();
      const writer = new ImportFileWriter(dir, TODAY);
      const pool = new CheckPool({ workers });
      const published: Array<readonly [string, string | null]> = [];
      const knownSoFar = new Map<string, EntityLabel>();
      try {
        expect(pool.workerThreads).toBe(workers);
        // Every chunk asked for at once: they finish out of order on two workers, and are written in order.
        const rendered = generated.map((chunk) => {
          for (const source of chunk.dataset.sources) published.push([source.entry.id, source.entry.published ?? null]);
          const promise = pool.checkAndRender(chunk.dataset, { documents: chunk.documents, known: knownSoFar, published, today: TODAY });
          if (chunk.kind === 'reference') for (const [id, label] of referenceLabels(chunk)) knownSoFar.set(id, label);
          return promise;
        });
        for (const chunk of rendered) writer.addRendered(await chunk);
      } finally {
        await pool.close();
      }
      expect(writer.writtenCounts.nodes).toBeGreaterThan(900);
      return filesOf(dir);
    };
    const inProcessDir = tempDir();
    const inProcessWriter = new ImportFileWriter(inProcessDir, TODAY);
    const knownSoFar = new Map<string, EntityLabel>();
    for (const chunk of generated) {
      inProcessWriter.add(await checkedPlan(chunk.dataset, { documents: chunk.documents, known: knownSoFar }, async () => new Map()));
      if (chunk.kind === 'reference') for (const [id, label] of referenceLabels(chunk)) knownSoFar.set(id, label);
    }
    const expected = filesOf(inProcessDir);
    expect(Object.keys(expected).length).toBeGreaterThan(10);

    expect(await render(2)).toEqual(expected);
    expect(await render(0)).toEqual(expected);
  });

  it('rejects a chunk that fails its checks with the DatasetError of the checks in process, issue for issue', async () => {
    const bad = withMissingExcerpt(projectChunks[1]!);
    const inProcess = await checkedPlan(bad.dataset, { documents: bad.documents, known }, async () => new Map()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(inProcess).toBeInstanceOf(DatasetError);

    const pool = new CheckPool({ workers: 1 });
    try {
      const fromWorker = await pool.check(bad.dataset, { documents: bad.documents, known }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(fromWorker).toBeInstanceOf(DatasetError);
      expect((fromWorker as DatasetError).issues).toEqual((inProcess as DatasetError).issues);
      expect((fromWorker as DatasetError).message).toContain('nothing was loaded');
      // The worker goes on with the next chunk.
      const good = projectChunks[0]!;
      await expect(pool.check(good.dataset, { documents: good.documents, known })).resolves.toHaveProperty('nodes');
    } finally {
      await pool.close();
    }
  });

  it('asks this thread for the labels of entities outside the chunk and what is known', async () => {
    const asked: string[][] = [];
    const pool = new CheckPool({
      workers: 1,
      findLabels: async (ids) => {
        asked.push(ids);
        return new Map([...known].filter(([id]) => ids.includes(id)));
      },
    });
    const chunk = projectChunks[2]!;
    try {
      const plan = await pool.check(chunk.dataset, { documents: chunk.documents, known: new Map() });
      expect(plan.relationships.length).toBeGreaterThan(0);
      expect(asked).toHaveLength(1);
      const outside = new Set(plan.relationships.map((r) => r.to).filter((id) => !plan.nodes.some((n) => n.id === id)));
      expect(new Set(asked[0])).toEqual(outside);
    } finally {
      await pool.close();
    }

    const failing = new CheckPool({ workers: 1, findLabels: async () => Promise.reject(new Error('the database is not reachable')) });
    try {
      await expect(failing.check(chunk.dataset, { documents: chunk.documents, known: new Map() })).rejects.toThrow('the database is not reachable');
    } finally {
      await failing.close();
    }
  });

  it('refuses a chunk after close, saying why', async () => {
    const pool = new CheckPool({ workers: 1 });
    await pool.close();
    const chunk = projectChunks[0]!;
    await expect(pool.check(chunk.dataset, { documents: chunk.documents, known })).rejects.toThrow('closed');
  });
});
