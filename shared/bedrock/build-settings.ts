import { createHash } from 'node:crypto';
import type { AppConfig, AttributionConfig } from '../config';
import type { ObjectStore } from '../ports';
import { ObjectNotFoundError } from '../ports/store-errors';
import { BedrockIngestError } from './errors';

/**
 * What decides the content of a built day besides the logs themselves: the attribution rules and
 * how models are resolved. The store remembers the settings its days were built with, so that a
 * run with other settings (a forgotten `--config`) cannot re-attribute history by accident.
 */
export interface BuildSettings {
  attribution: AttributionConfig;
  inferenceProfiles: Record<string, string>;
  /** Whether application inference profiles are resolved with GetInferenceProfile. */
  resolveProfiles: boolean;
}

/** Where the store keeps the settings its Bedrock days were last built with. */
export const BUILD_SETTINGS_KEY = '_state/config/bedrock_invocations.json';

/** The run would build days with other settings than the store's: refused unless it is a rebuild. */
export class BuildSettingsChangedError extends BedrockIngestError {
  override name = 'BuildSettingsChangedError';
  constructor(readonly differences: string[]) {
    super(
      `the store's days were built with other attribution or model settings (${differences.join('; ')}). ` +
        'Run with the configuration used before (--config), or rebuild deliberately with ingest bedrock-logs --rebuild, which reports what it re-attributes.',
    );
  }
}

/** The settings of a run. */
export function buildSettingsOf(config: AppConfig, resolveProfiles: boolean): BuildSettings {
  return {
    attribution: config.attribution,
    inferenceProfiles: config.ingest.inferenceProfiles,
    resolveProfiles,
  };
}

/** JSON with object keys sorted, so equal settings always give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short, stable fingerprint of settings. */
export function fingerprintOf(settings: BuildSettings): string {
  return createHash('sha256').update(canonical(settings)).digest('hex').slice(0, 16);
}

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(value as Record<string, unknown>).map(([k, v]) => [`.${k}`, v] as const);
    if (entries.length === 0) out.set(path, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) leaves(v, `${path}${k}`, out);
    return;
  }
  if (value !== undefined) out.set(path, JSON.stringify(value));
}

/** The settings that differ, as `path: stored → given` lines (at most `max`). */
export function describeDifferences(stored: BuildSettings, given: BuildSettings, max = 6): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(stored, '', a);
  leaves(given, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort().filter((p) => a.get(p) !== b.get(p));
  const shown = paths.slice(0, max).map((p) => {
    // Named as in the configuration file (the profile map lives under `ingest`).
    const name = p.replace(/^\./, '').replace(/^inferenceProfiles/, 'ingest.inferenceProfiles');
    return `${name}: ${a.get(p) ?? 'absent'} before, ${b.get(p) ?? 'absent'} now`;
  });
  if (paths.length > max) shown.push(`and ${paths.length - max} more`);
  return shown;
}

/** The settings the store's days were last built with, or undefined for a new store. */
export async function readBuildSettings(store: ObjectStore): Promise<BuildSettings | undefined> {
  try {
    const text = Buffer.from(await store.getBytes(BUILD_SETTINGS_KEY)).toString('utf8');
    return (JSON.parse(text) as { settings: BuildSettings }).settings;
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}

/** Records the settings days are built with from now on. */
export async function writeBuildSettings(store: ObjectStore, settings: BuildSettings): Promise<void> {
  const body = { fingerprint: fingerprintOf(settings), settings };
  await store.put(BUILD_SETTINGS_KEY, Buffer.from(`${JSON.stringify(body, null, 2)}\n`), {
    contentType: 'application/json',
  });
}

/** Throws `BuildSettingsChangedError` when the store was built with other settings than `given`. */
export async function assertSameBuildSettings(store: ObjectStore, given: BuildSettings): Promise<boolean> {
  const stored = await readBuildSettings(store);
  if (stored === undefined) return false;
  if (fingerprintOf(stored) !== fingerprintOf(given)) {
    throw new BuildSettingsChangedError(describeDifferences(stored, given));
  }
  return true;
}
