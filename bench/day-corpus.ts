/**
 * A one-day corpus for the memory case of `npm run bench`: 24 hour folders of realistic Bedrock
 * logs, about `records` invocations in all, generated once into `dir` (reused when present).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { generateSyntheticLogs } from '../src/demo';

export interface DayCorpus {
  records: number;
  uncompressed: number;
  compressed: number;
  config: unknown;
}

export async function dayCorpus(dir: string, records: number): Promise<DayCorpus> {
  const done = join(dir, '..', `day-${records}.corpus.json`);
  if (existsSync(done) && existsSync(dir)) return JSON.parse(readFileSync(done, 'utf8')) as DayCorpus;
  rmSync(dir, { recursive: true, force: true });
  const start = new Date('2026-03-02T00:00:00Z');
  const perHour = Math.ceil(records / 24);
  const raw = new FolderStore(dir);
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 11,
    start,
    hours: 24,
    invocationsPerHour: perHour,
    bodies: 'realistic',
  });
  const corpus: DayCorpus = {
    records: truth.records,
    uncompressed: truth.bytesUncompressed,
    compressed: truth.bytesCompressed,
    config: truth.config,
  };
  writeFileSync(done, JSON.stringify(corpus));
  return corpus;
}
