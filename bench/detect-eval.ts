/**
 * Anomaly detection benchmark: quality on the labelled set of bench/detect-series-gen.ts, against
 * two baselines, then the time and peak memory of one detection over 10,000 series.
 * Run alone: `npx tsx bench/detect-eval.ts` (`--quality` or `--speed` for one half).
 * Scoring is event-level, see bench/detect-scoring.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectSeries } from '../shared/detect/series-detector';
import { rollingZScore, staticThreeSigma } from './detect-baselines';
import { emptyTally, median, rates, SCORED_FROM, scoreSeries, type Tally } from './detect-scoring';
import { type AnomalyKind, generateEvaluationSet, type LabelledSeries, POINTS } from './detect-series-gen';

type Method = 'ours' | 'static 3σ' | 'rolling z';
const METHODS: Method[] = ['ours', 'static 3σ', 'rolling z'];
const KINDS: AnomalyKind[] = ['spike', 'dip', 'level-shift', 'ramp', 'drop-to-zero'];

/** Alert indices of the production detector over one series. */
export function productionAlerts(series: LabelledSeries): number[] {
  const points = detectSeries({ timestamps: series.timestamps, values: series.values });
  const alerts: number[] = [];
  points.forEach((p, i) => {
    if (p.anomaly) alerts.push(i);
  });
  return alerts;
}

const alertsOf: Record<Method, (s: LabelledSeries) => number[]> = {
  ours: productionAlerts,
  'static 3σ': (s) => staticThreeSigma(s.values),
  'rolling z': (s) => rollingZScore(s.values),
};

export interface QualityReport {
  byKind: Record<AnomalyKind, Record<Method, Tally>>;
  clean: Record<Method, Tally>;
  bigSpikes: { anomalies: number; withinOneRun: number };
}

/** Scores every method on every series of the labelled set. */
export function evaluateQuality(set: LabelledSeries[] = generateEvaluationSet()): QualityReport {
  const perMethod = () => Object.fromEntries(METHODS.map((m) => [m, emptyTally()])) as Record<Method, Tally>;
  const byKind = Object.fromEntries(KINDS.map((k) => [k, perMethod()])) as Record<
    AnomalyKind,
    Record<Method, Tally>
  >;
  const clean = perMethod();
  const bigSpikes = { anomalies: 0, withinOneRun: 0 };
  for (const series of set) {
    for (const method of METHODS) {
      const alerts = alertsOf[method](series);
      const tally = series.kind === 'clean' ? clean[method] : byKind[series.kind][method];
      scoreSeries(series, alerts, tally, POINTS - SCORED_FROM);
      if (method === 'ours' && series.kind === 'spike') {
        for (const a of series.anomalies.filter((w) => w.factor >= 3)) {
          bigSpikes.anomalies++;
          if (alerts.some((i) => i >= a.start && i <= a.start + 1)) bigSpikes.withinOneRun++;
        }
      }
    }
  }
  return { byKind, clean, bigSpikes };
}

const f2 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2));

/** Prints the quality table. */
export function printQuality(report: QualityReport, set = 'labelled set'): void {
  const lines = [`anomaly detection quality (${set}, event-level scoring)`];
  lines.push('kind          method      anomalies  precision  recall   F1    median delay (runs)');
  for (const kind of KINDS) {
    for (const method of METHODS) {
      const t = report.byKind[kind][method];
      const r = rates(t);
      lines.push(
        `${kind.padEnd(13)} ${method.padEnd(11)} ${String(t.anomalies).padStart(9)}  ${f2(r.precision).padStart(9)}  ${f2(r.recall).padStart(6)}  ${f2(r.f1).padStart(5)}  ${String(median(t.delays)).padStart(6)}`,
      );
    }
  }
  for (const method of METHODS) {
    const t = report.clean[method];
    lines.push(
      `clean         ${method.padEnd(11)} false alerts per series per 30 days: ${f2((t.falseAlerts / t.hours) * 720)}; warm-up alerts per series (weeks 0-2, not scored): ${f2(t.warmUpAlerts / (t.hours / (POINTS - SCORED_FROM)))}`,
    );
  }
  const b = report.bigSpikes;
  lines.push(
    `spikes ≥ 3× expected alerted within one run: ${b.withinOneRun}/${b.anomalies} = ${f2(b.withinOneRun / b.anomalies)}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Runs the speed measurement in a child process under /usr/bin/time -v; prints time and peak RSS. */
export function printSpeed(series = 10_000): void {
  const script = join(import.meta.dirname, 'detect-speed.ts');
  const child = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, '--import', 'tsx', script, String(series)],
    {
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) {
    process.stdout.write(
      `detection speed: the runner failed (${child.stderr.trim().split('\n').slice(-3).join(' ')})\n`,
    );
    return;
  }
  const result = JSON.parse(child.stdout.trim()) as {
    samples: number;
    detectSeconds: number;
    alerts: number;
  };
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(child.stderr);
  process.stdout.write(
    `detection over ${series} series × 8 weeks hourly (${result.samples} samples): ${result.detectSeconds.toFixed(1)} s detecting, ${wall?.[1] ?? '?'} wall including generation, peak RSS ${rss ? Math.round(Number(rss[1]) / 1024) : '?'} MB\n`,
  );
}

/** The whole detection benchmark: quality table, then speed and memory. */
export async function runDetectBench(): Promise<void> {
  printQuality(evaluateQuality());
  printSpeed();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv[2];
  if (arg === '--quality') printQuality(evaluateQuality());
  else if (arg === '--speed') printSpeed(Number(process.argv[3] ?? 10_000));
  else await runDetectBench();
}
