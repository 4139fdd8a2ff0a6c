/**
 * A one-day corpus for the memory case of `npm run bench`: 24 hour folders of realistic Bedrock
 * logs, about `records` invocations in all, generated once into `dir` (reused when present).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { generateSyntheticLogs, type SyntheticOptions } from '../src/demo';

export interface DayCorpus {
  records: number;
  uncompressed: number;
  compressed: number;
  config: unknown;
}

/**
 * Logs generated once into `dir` with the options `plan` gives (asked only when they are not already
 * there) and their figures, reused while the marker `<dir>/../<name>.corpus.json` is present.
 */
export async function cachedCorpus(
  dir: string,
  name: string,
  plan: () => Promise<SyntheticOptions>,
): Promise<DayCorpus> {
  const done = join(dir, '..', `${name}.corpus.json`);
  if (existsSync(done) && existsSync(dir)) return JSON.parse(readFileSync(done, 'utf8')) as DayCorpus;
  rmSync(dir, { recursive: true, force: true });
  const raw = new FolderStore(dir);
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), await plan());
  const corpus: DayCorpus = {
    records: truth.records,
    uncompressed: truth.bytesUncompressed,
    compressed: truth.bytesCompressed,
    config: truth.config,
  };
  writeFileSync(done, JSON.stringify(corpus));
  return corpus;
}

export const dayCorpus = (dir: string, records: number): Promise<DayCorpus> =>
  cachedCorpus(dir, `day-${records}`, async () => ({
    seed: 11,
    start: new Date('2026-03-02T00:00:00Z'),
    hours: 24,
    invocationsPerHour: Math.ceil(records / 24),
    bodies: 'realistic',
  }));
