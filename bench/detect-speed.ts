/**
 * One detection over many series, as the anomaly run does it: every series' 8 weeks of hourly history
 * in memory, the production detector over each, the verdict of every sample computed.
 * `npx tsx bench/detect-speed.ts [series]` prints one JSON line; detect-eval.ts runs it under
 * `/usr/bin/time -v` for its peak memory.
 */
import { pathToFileURL } from 'node:url';
import { SeriesDetector } from '../shared/detect/series-detector';
import { generateSeries, type SeriesKind } from './detect-series-gen';

const KINDS: SeriesKind[] = ['clean', 'spike', 'dip', 'level-shift', 'ramp', 'drop-to-zero'];

/** Generates `count` series, then times the detection alone. */
export function measureDetection(count: number): {
  series: number;
  samples: number;
  alerts: number;
  generateSeconds: number;
  detectSeconds: number;
} {
  const t0 = performance.now();
  const all = Array.from({ length: count }, (_, k) =>
    generateSeries(KINDS[k % KINDS.length] as SeriesKind, 77_000 + k),
  );
  const t1 = performance.now();
  let samples = 0;
  let alerts = 0;
  for (const s of all) {
    const detector = new SeriesDetector();
    for (let i = 0; i < s.values.length; i++) {
      if (detector.push(s.timestamps[i] as number, s.values[i] as number).anomaly) alerts++;
      samples++;
    }
  }
  const t2 = performance.now();
  return {
    series: count,
    samples,
    alerts,
    generateSeconds: (t1 - t0) / 1000,
    detectSeconds: (t2 - t1) / 1000,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 10_000);
  process.stdout.write(`${JSON.stringify(measureDetection(count))}\n`);
}
