import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FileNotifier } from '../../shared/adapters/local/file-notifier';
import { runDetection } from '../../shared/anomaly/run-detection';
import { systemClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { loadConfig } from './config-file';
import type { DetectOptions } from './detect-command';
import { localStore, sentMessagesFile } from './local-store';
import { parseTime } from './parse-time';

/** What `genai-finops detect` does: one detection run over a local store, its summary printed. */
export async function runDetect(opts: DetectOptions): Promise<void> {
  const config = loadConfig(opts.config);
  const { path, store } = localStore(opts.store);
  const at = opts.at ? parseTime(opts.at, '--at') : systemClock.now();
  const print = opts.json ? () => {} : (text: string) => process.stdout.write(`${text}\n`);
  const engine = await DuckDbEngine.open(path);
  try {
    const summary = await runDetection(
      {
        store,
        engine,
        notifier: new FileNotifier(sentMessagesFile(path), print),
        clock: systemClock,
        priceBook: shippedPriceBook(),
      },
      { at, newsHours: Number(opts.newsHours) || 24, thresholds: config.anomaly.thresholds },
    );
    if (opts.json) {
      const { alerts, ...rest } = summary;
      process.stdout.write(`${JSON.stringify({ ...rest, alertIds: alerts.map((a) => a.incidentId) })}\n`);
    } else {
      process.stdout.write(
        `detect: ${summary.series.usage} usage series, ${summary.episodes} episodes; ${summary.opened} opened, ${summary.escalated} escalated, ${summary.closed} closed; ${summary.notified} alerts sent (${summary.suppressed.snoozed} snoozed); ${summary.queries} queries read ${summary.bytesScanned} bytes\n`,
      );
    }
  } finally {
    await engine.close();
  }
}
