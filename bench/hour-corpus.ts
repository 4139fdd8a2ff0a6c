/**
 * The hour corpus of the ingest bench: one hour folder of realistic Bedrock logs (just over 200 MB
 * of JSON, multi-KB bodies), generated once into `dir` and reused while its marker file is present.
 */
import { generateSyntheticLogs } from '../src/demo';
import { cachedCorpus, type DayCorpus } from './day-corpus';

const TARGET_BYTES = 200 * 1024 * 1024;

export const hourCorpus = (dir: string): Promise<DayCorpus> =>
  cachedCorpus(dir, 'hour', async () => {
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
    return { seed: 7, start, hours: 1, invocationsPerHour: perHour, bodies: 'realistic' };
  });
