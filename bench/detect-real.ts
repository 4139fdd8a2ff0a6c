/**
 * Scores the production detector on labelled real series kept outside the repository.
 * Usage: `npx tsx bench/detect-real.ts DIR` where DIR holds `labels/combined_windows.json`
 * (`{"category/file.csv": [["start", "end"], ...]}`, timestamps as in the files) and the CSV files
 * it names (`timestamp,value` columns). Files named in the labels but absent are skipped.
 *
 * Per labelled window: detected (TP) if any alert row falls in it, with the position of the first
 * one (0 = window start, 1 = end); missed (FN) otherwise. Alerts outside every window are false
 * positives, counted once per incident (an escalation of the same incident is not another one).
 * Also a NAB-like standard-profile score (scaled sigmoid of the position, FP weight 0.11, FN 1,
 * normalised so that no alerts scores 0 and a perfect detector 100), from every alert row.
 * The two reference baselines of bench/detect-baselines.ts are scored the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTimestamp } from '../shared/detect/parse-timestamp';
import { SeriesDetector } from '../shared/detect/series-detector';
import { rollingZScore, staticThreeSigma } from './detect-baselines';

interface Alerts {
  /** Row indices with an alert (open or escalate). */
  rows: number[];
  /** Of those, the ones that open an incident (FPs are counted on these). */
  opens: Set<number>;
}

type Method = 'ours' | 'static 3σ' | 'rolling z';

function readCsv(path: string): { t: Float64Array; x: Float64Array } {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] as string).split(',');
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  const t = new Float64Array(lines.length - 1);
  const x = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const cells = (lines[i] as string).split(',');
    t[i - 1] = parseTimestamp(cells[ti] as string);
    const v = (cells[vi] ?? '').trim();
    x[i - 1] = v === '' ? Number.NaN : Number(v);
  }
  return { t, x };
}

function ours(t: Float64Array, x: Float64Array): Alerts {
  const detector = new SeriesDetector();
  const rows: number[] = [];
  const opens = new Set<number>();
  for (let i = 0; i < t.length; i++) {
    const p = detector.push(t[i] as number, x[i] as number);
    if (p.anomaly) rows.push(i);
    if (p.event === 'open') opens.add(i);
  }
  return { rows, opens };
}

/** Baselines alert on opens and escalations alike; count each alert row once. */
function baseline(rows: number[]): Alerts {
  return { rows, opens: new Set(rows) };
}

const METHODS: Record<Method, (t: Float64Array, x: Float64Array) => Alerts> = {
  ours,
  // The static baseline trains on its first 15% (NAB's probationary share), at least 2 days hourly.
  'static 3σ': (_t, x) => baseline(staticThreeSigma(x, Math.max(48, Math.floor(0.15 * x.length)))),
  'rolling z': (_t, x) => baseline(rollingZScore(x)),
};

interface Tally {
  windows: number;
  tp: number;
  fp: number;
  positions: number[];
  nab: number;
  nabNull: number;
  nabPerfect: number;
}

const empty = (): Tally => ({ windows: 0, tp: 0, fp: 0, positions: [], nab: 0, nabNull: 0, nabPerfect: 0 });

/** 2 / (1 + e^(5y)) − 1: +1 well before the end of a window, 0 at its end, → −1 long after. */
const sigmoid = (y: number) => 2 / (1 + Math.exp(5 * y)) - 1;

function score(t: Float64Array, windows: Array<[number, number]>, alerts: Alerts): Tally {
  const tally = empty();
  tally.windows = windows.length;
  const idx = windows.map(([a, b]) => {
    let s = -1;
    let e = -1;
    for (let i = 0; i < t.length; i++) {
      if ((t[i] as number) >= a && s < 0) s = i;
      if ((t[i] as number) <= b) e = i;
    }
    return [s, e] as [number, number];
  });
  const seen = new Set<number>();
  for (const row of alerts.rows) {
    const w = idx.findIndex(([s, e]) => row >= s && row <= e);
    if (w >= 0) {
      if (seen.has(w)) continue;
      seen.add(w);
      const [s, e] = idx[w] as [number, number];
      const len = Math.max(1, e - s);
      tally.tp++;
      tally.positions.push((row - s) / len);
      tally.nab += sigmoid((row - e) / len);
      continue;
    }
    if (alerts.opens.has(row)) tally.fp++;
    // A false alarm right after a window costs less (NAB's scaled position); elsewhere the full weight.
    let before = -1;
    idx.forEach(([s, e], k) => {
      if (e < row && (before < 0 || e > (idx[before] as [number, number])[1])) before = k;
      void s;
    });
    if (before >= 0) {
      const [s, e] = idx[before] as [number, number];
      tally.nab += 0.11 * sigmoid((row - e) / Math.max(1, e - s));
    } else tally.nab -= 0.11;
  }
  tally.nab -= windows.length - tally.tp;
  tally.nabNull = -windows.length;
  tally.nabPerfect = idx.reduce((sum, [s, e]) => sum + sigmoid((s - e) / Math.max(1, e - s)), 0);
  return tally;
}

function add(a: Tally, b: Tally): void {
  a.windows += b.windows;
  a.tp += b.tp;
  a.fp += b.fp;
  a.positions.push(...b.positions);
  a.nab += b.nab;
  a.nabNull += b.nabNull;
  a.nabPerfect += b.nabPerfect;
}

function median(v: number[]): number {
  if (v.length === 0) return Number.NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function line(name: string, method: string, t: Tally): string {
  const p = t.tp + t.fp === 0 ? 0 : t.tp / (t.tp + t.fp);
  const r = t.windows === 0 ? 0 : t.tp / t.windows;
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  const nab = t.nabPerfect === t.nabNull ? 0 : (100 * (t.nab - t.nabNull)) / (t.nabPerfect - t.nabNull);
  const pos = median(t.positions);
  return [
    name.padEnd(44),
    method.padEnd(10),
    `${t.tp}/${t.windows}`.padStart(6),
    String(t.fp).padStart(4),
    p.toFixed(2).padStart(5),
    r.toFixed(2).padStart(5),
    f1.toFixed(2).padStart(5),
    (Number.isNaN(pos) ? '-' : pos.toFixed(2)).padStart(5),
    nab.toFixed(1).padStart(6),
  ].join('  ');
}

function main(): void {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npx tsx bench/detect-real.ts DIR');
    process.exit(2);
  }
  const labels = JSON.parse(readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    Array<[string, string]>
  >;
  const quiet = process.argv.includes('--totals');
  const totals = new Map<string, Tally>();
  console.log(
    `${'file'.padEnd(44)}  ${'method'.padEnd(10)}  ${'TP/win'.padStart(6)}  ${'FP'.padStart(4)}  ${'P'.padStart(5)}  ${'R'.padStart(5)}  ${'F1'.padStart(5)}  ${'pos'.padStart(5)}  ${'NAB'.padStart(6)}`,
  );
  for (const [file, wins] of Object.entries(labels)) {
    let data: { t: Float64Array; x: Float64Array };
    try {
      data = readCsv(join(dir, file));
    } catch {
      continue;
    }
    const windows = wins.map(([a, b]) => [parseTimestamp(a) as number, parseTimestamp(b) as number]) as Array<
      [number, number]
    >;
    const category = file.split('/')[0] as string;
    for (const [method, run] of Object.entries(METHODS)) {
      const tally = score(data.t, windows, run(data.t, data.x));
      if (!quiet) console.log(line(file.split('/')[1] as string, method, tally));
      for (const key of [`${category}|${method}`, `total|${method}`]) {
        const acc = totals.get(key) ?? empty();
        add(acc, tally);
        totals.set(key, acc);
      }
    }
  }
  for (const [key, tally] of totals) {
    const [name, method] = key.split('|') as [string, string];
    console.log(line(name, method, tally));
  }
}

main();
