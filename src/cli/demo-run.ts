import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { parseConfig } from '../../shared/config';
import { ingestGpuSeries } from '../../shared/gpu/ingest';
import { staticDirectory } from '../../shared/gpu/saved-resources';
import type { GpuWindow } from '../../shared/gpu/window';
import { addDays, floorHour } from '../../shared/lake/utc';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { renderQuery } from '../../shared/sql/queries';
import { generateSyntheticLogs } from '../demo';
import { demoAcceptedAnswers } from '../demo/business';
import { fleetWindowHours, writeGpuFleet } from '../demo/gpu-fleet';
import {
  DEMO_QUALITY_BARS,
  demoAnomalyConfig,
  demoDetect,
  demoGuardrails,
  demoGuardrailsConfig,
  demoRecommendations,
  recordDemoReleases,
  writeDemoOutcomesAndScores,
} from './demo-alerts';
import type { DemoOptions } from './demo-command';
import { demoBills, demoCostLines } from './demo-costs';
import { UsageError } from './errors';
import { bytes, int, toTable } from './format';
import { savedInput } from './gpu-saved-input';
import { describeIngest } from './ingest-summary';
import { writeLocalReport } from './write-report';

const MARKER = '.genai-finops-demo';

/** Empties a previous demo folder; refuses to touch a folder the demo did not make. */
function prepareFolder(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!existsSync(join(out, MARKER))) {
      throw new UsageError(`${out} is not empty and was not made by the demo; choose another --out`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), 'made by genai-finops demo; safe to delete\n');
}

const positive = (text: string, flag: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  return n;
};

/** `genai-finops demo`: generates the organisation's logs, ingests them and prints what each step makes of them. */
export async function runDemo(opts: DemoOptions): Promise<void> {
  const out = resolve(opts.out);
  const days = positive(opts.days, '--days');
  const perHour = positive(opts.perHour, '--per-hour');
  const seed = positive(opts.seed, '--seed');
  prepareFolder(out);
  const rawDir = join(out, 'raw-logs');
  const storeDir = join(out, 'lake');
  const say = (s = '') => process.stdout.write(`${s}\n`);

  const now = systemClock.now();
  const start = new Date(floorHour(now.getTime()) - (days * 24 - 1) * 3_600_000);
  say(`genai-finops demo: a synthetic organisation, ${days} days of Bedrock traffic`);
  say();
  say(`   generating Bedrock invocation logs under ${relative(process.cwd(), rawDir) || '.'} …`);
  const raw = new FolderStore(rawDir);
  // Plain writes: generated test data needs no crash-safe puts, and 10k+ fsyncs would dominate the demo.
  const madeDirs = new Set<string>();
  const truth = await generateSyntheticLogs(
    async (key, body) => {
      const target = join(rawDir, key);
      const parent = dirname(target);
      if (!madeDirs.has(parent)) {
        await mkdir(parent, { recursive: true });
        madeDirs.add(parent);
      }
      await writeFile(target, body);
    },
    {
      seed,
      start,
      hours: days * 24,
      invocationsPerHour: perHour,
      bodies: 'small',
      keyPrefix: 'bedrock-logs',
      incidents: true,
      endpoints: true,
      faults: {
        duplicates: 0.01,
        lateArrivals: 0.01,
        badLines: 0.002,
        truncatedObject: true,
        bodyObjects: true,
      },
    },
  );
  say(
    `1. Generated ${int(truth.objects)} log objects (${bytes(truth.bytesCompressed)} gzip, ${bytes(truth.bytesUncompressed)} of JSON) in Bedrock's S3 layout,`,
  );
  say(
    `   with what real logs have: ${int(truth.duplicates)} duplicate deliveries, ${int(truth.lateArrivals)} late arrivals, ${int(truth.badLines)} bad lines, a truncated object.`,
  );
  const incidents = truth.incidents ?? [];
  const configInput = {
    ...truth.config,
    guardrails: demoGuardrailsConfig(incidents.find((i) => i.kind === 'runaway')),
    anomaly: demoAnomalyConfig(perHour),
    recommend: { qualityBars: DEMO_QUALITY_BARS },
  };
  const config = parseConfig(configInput);
  const configPath = join(out, 'genai-finops.config.json');
  writeFileSync(configPath, `${JSON.stringify(configInput, null, 2)}\n`);
  say();

  say('2. Ingest: genai-finops ingest bedrock-logs');
  let units = 0;
  const summary = await ingestBedrockLogs(
    { source: raw, store: new FolderStore(storeDir), config, clock: systemClock },
    {
      onUnit: () => {
        units++;
        if (process.stderr.isTTY && units % 50 === 0)
          process.stderr.write(`\r   ${int(units)} hour folders staged …`);
      },
    },
  );
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  say(describeIngest(summary).replace(/^/gm, '   ').trimEnd());
  say();
  // GPU fleet: saved CloudWatch responses and describe outputs, read by the --from-file path.
  const gpuHours = fleetWindowHours(floorHour(now.getTime()), days * 24);
  const gpuFiles = await writeGpuFleet(
    join(out, 'gpu-metrics'),
    config.gpu,
    floorHour(now.getTime()) - gpuHours * 3_600_000,
    gpuHours,
  );
  const gpuSaved = await savedInput({
    fromFile: gpuFiles.responses,
    request: gpuFiles.request,
    resources: gpuFiles.resources,
  });
  const gpu = await ingestGpuSeries(
    {
      store: new FolderStore(storeDir),
      clock: systemClock,
      config,
      directory: staticDirectory(gpuSaved.resources),
    },
    gpuSaved.input,
    gpuSaved.window as GpuWindow,
  );
  say(
    `   GPU metrics (genai-finops ingest gpu-metrics --from-file): ${int(gpu.rowsWritten)} resource-hours of ${gpuFiles.resourcesCount} GPU resources (${gpu.resources.ec2} EC2, ${gpu.resources.sagemaker} SageMaker, idle and non-production ones included) into gpu_hourly, ${int(gpu.metricsRequested)} metrics requested.`,
  );
  // The bill for the usage above and the fleet, saved as the AWS CLI prints it and read by --from-file.
  const billEngine = await DuckDbEngine.open(storeDir);
  const billed = await demoBills({
    engine: billEngine,
    store: new FolderStore(storeDir),
    config,
    clock: systemClock,
    book: shippedPriceBook(),
    dir: join(out, 'cost-explorer'),
    fleetStart: floorHour(now.getTime()) - gpuHours * 3_600_000,
    fleetHours: gpuHours,
    estimatedFrom: addDays(now.toISOString().slice(0, 10), -1),
  }).finally(() => billEngine.close());
  for (const line of billed.lines) say(line);
  say();

  const engine = await DuckDbEngine.open(storeDir);
  // The generated days, `dt` being the UTC day of each event.
  const range = { from: start.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
  try {
    say('3. Who uses what (bedrock_invocations, DuckDB locally; the same SQL runs on Athena):');
    const byTeam = await engine.query(renderQuery('usageByTeam', range));
    say(toTable(byTeam).replace(/^/gm, '   ').trimEnd());
    say();
    const byModel = await engine.query(renderQuery('usageByModel', range));
    say(toTable(byModel).replace(/^/gm, '   ').trimEnd());
    say();
    const untagged = await engine.query(
      renderQuery('unattributedCallers', { ...range, unattributed: config.attribution.unattributed }),
    );
    say(
      '   Untagged usage: these callers sent no team tag and match no identity mapping (tag them or map them):',
    );
    say(toTable(untagged).replace(/^/gm, '   ').trimEnd());
    say();

    const check = await engine.query(renderQuery('usageByTeamModel', range));
    const expected = new Map(truth.byTeamModel.map((t) => [`${t.team}|${t.model}`, t]));
    const mismatches = check.rows.filter((r) => {
      const t = expected.get(`${r.team}|${r.model}`);
      return (
        !t ||
        t.inputTokens !== r.input_tokens ||
        t.outputTokens !== r.output_tokens ||
        t.invocations !== r.invocations
      );
    }).length;
    say(
      mismatches === 0 && check.rows.length === expected.size
        ? `   Checked: every team × model token sum equals the generator's ground truth (${int(truth.records)} invocations).`
        : `   WARNING: ${mismatches} team × model sums differ from the generator's ground truth.`,
    );
    say();

    say(`4. What it costs (cost_daily x bedrock_invocations, ${billed.from} to ${billed.to}):`);
    for (const line of await demoCostLines(engine, billed, config.attribution.unattributed)) say(line);
    say();

    const store = new FolderStore(storeDir);
    await recordDemoReleases(store, incidents);
    const dataEnd = start.getTime() + days * 24 * 3_600_000;
    const detectAt = new Date(dataEnd + 20 * 60_000);
    const spike = incidents.find((i) => i.kind === 'spike');
    const detected = await demoDetect(store, engine, storeDir, detectAt, {
      thresholds: config.anomaly.thresholds,
      ...(spike ? { earlyAt: new Date(spike.startMs + 15 * 60_000) } : {}),
    });
    say(
      `5. Anomalies (genai-finops detect --at ${detectAt.toISOString().slice(0, 16)}Z; injected: ${incidents.map((i) => i.kind).join(', ')}, an idle GPU; a static threshold on research's tokens per hour):`,
    );
    for (const line of detected.lines) say(line);
    say();
    const guard = await demoGuardrails(store, engine, storeDir, config, detectAt);
    say('6. Guardrails (budgets, dev model policy, an approval requested by event, enforcement in dry run):');
    for (const line of guard.lines) say(line);
    say();
    await writeDemoOutcomesAndScores(store, range, demoAcceptedAnswers(start.getTime(), days * 24, perHour));
    say('7. Recommendations (genai-finops recommend; with evaluation scores and accepted answers loaded):');
    for (const line of await demoRecommendations(engine, config, range)) say(line);
    say();
  } finally {
    await engine.close();
  }
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  say('Output:');
  say(`   raw logs        ${rel(rawDir)}`);
  say(`   curated lake    ${rel(storeDir)}/bedrock_invocations/dt=YYYY-MM-DD/part-00000.parquet`);
  say(`   config used     ${rel(configPath)}`);
  say();
  say('Try:');
  say(
    `   npx genai-finops sql --store ${rel(storeDir)} "SELECT feature, COUNT(*) AS calls FROM bedrock_invocations WHERE team = 'support' GROUP BY feature"`,
  );
  say(
    `   npx genai-finops ingest bedrock-logs --source ${rel(rawDir)} --store ${rel(storeDir)} --config ${rel(configPath)} --json`,
  );
  const report = await writeLocalReport(storeDir, config, range, join(out, 'report'));
  say();
  say(`Report: ${rel(report)} (open it in a browser; chargeback.csv and focus.csv beside it)`);
}
