import { addRelease } from '../../shared/anomaly/releases';
import { systemClock } from '../../shared/ports';
import { UsageError } from './errors';
import { localStore } from './local-store';
import { parseTime } from './parse-time';
import type { ReleaseOptions } from './release-command';

/** `genai-finops release add`: one release marker appended to the store's `releases` table. */
export async function addReleaseMarker(opts: ReleaseOptions): Promise<void> {
  const { store } = localStore(opts.store);
  for (const [flag, value] of [
    ['--team', opts.team],
    ['--version', opts.version],
  ] as const) {
    if (value.trim() === '' || value.length > 256)
      throw new UsageError(`${flag} must be 1 to 256 characters`);
  }
  const at = opts.at ? parseTime(opts.at, '--at') : systemClock.now();
  await addRelease(store, systemClock, {
    at: at.getTime(),
    team: opts.team,
    ...(opts.feature ? { feature: opts.feature } : {}),
    version: opts.version,
    ...(opts.note ? { note: opts.note.slice(0, 2000) } : {}),
  });
  process.stdout.write(
    `release ${opts.team}${opts.feature ? `/${opts.feature}` : ''} ${opts.version} at ${at.toISOString()} recorded\n`,
  );
}
