/**
 * The hour corpus of the ingest bench: one hour folder of realistic Bedrock logs (just over 200 MB
 * of JSON, multi-KB bodies), generated once into `dir` and reused while its marker file is present.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { generateSyntheticLogs } from '../src/demo';
import type { DayCorpus } from './day-corpus';

const TARGET_BYTES = 200 * 1024 * 1024;

export async function hourCorpus(dir: string): Promise<DayCorpus> {
  const done = join(dir, '..', 'hour.corpus.json');
  if (existsSync(done) && existsSync(dir)) return JSON.parse(readFileSync(done, 'utf8')) as DayCorpus;
  rmSync(dir, { recursive: true, force: true });
  const raw = new FolderStore(dir);
  const start = new Date('2026-03-02T14:00:00Z');
  // Calibrate: a small hour tells the average bytes per invocation, then aim just above 200 MB.
  const probe = await generateSyntheticLogs(async () => {}, {
    seed: 7,
    start,
    hours: 1,
    invocationsPerHour: 2_000,
    bodies: 'realistic',
  });
  const perHour = Math.ceil(((TARGET_BYTES * 1.05) / probe.bytesUncompressed) * 2_000);
  const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
    seed: 7,
    start,
    hours: 1,
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
