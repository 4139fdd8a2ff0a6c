import { existsSync, readFileSync } from 'node:fs';
import { type AppConfig, parseConfig, parseConfigJson } from '../../shared/config';

/** The configuration file read when `--config` is not given, if it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = 'genai-finops.config.json';

/** Reads and validates `--config` (or the default file, or defaults). */
export function loadConfig(path: string | undefined): AppConfig {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file) return parseConfig({});
  return parseConfigJson(readFileSync(file, 'utf8'), file);
}
