import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { SeriesDetector } from '../../shared/detect/series-detector';
import type { DetectSeriesOptions } from './detect-series-command';
import { UsageError } from './errors';
import { readSeriesCsv } from './read-series-csv';

/** Row order in time, stable: rows with equal timestamps keep their file order. */
function timeOrder(timestamps: Float64Array): Uint32Array {
  const order = new Uint32Array(timestamps.length);
  let sorted = true;
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    if (i > 0 && (timestamps[i] as number) < (timestamps[i - 1] as number)) sorted = false;
  }
  if (sorted) return order;
  return Uint32Array.from(
    Array.from(order).sort((a, b) => (timestamps[a] as number) - (timestamps[b] as number) || a - b),
  );
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** `genai-finops detect-series --csv FILE`: the detector over each row in time order, one JSON line per row in file order. */
export async function runDetectSeries(options: DetectSeriesOptions, command: Command): Promise<void> {
  const info = await stat(options.csv).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`--csv ${options.csv}: no such file`);
  const source = (name: string) => command.getOptionValueSource(name) === 'cli';
  const series = await readSeriesCsv(options.csv, {
    timestamp: options.timestampCol,
    value: options.valueCol,
    explicit: { timestamp: source('timestampCol'), value: source('valueCol') },
  });
  const n = series.raw.length;
  const order = timeOrder(series.timestamps);
  const scores = new Float64Array(n);
  const anomalies = new Uint8Array(n);
  const detector = new SeriesDetector();
  for (const i of order) {
    const point = detector.push(series.timestamps[i] as number, series.values[i] as number);
    scores[i] = point.score;
    anomalies[i] = point.anomaly ? 1 : 0;
  }
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const score = Math.round((scores[i] as number) * 10_000) / 10_000;
    chunk += `${JSON.stringify({ timestamp: series.raw[i], score, anomaly: anomalies[i] === 1 })}\n`;
    if (chunk.length > 65_536) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
}
