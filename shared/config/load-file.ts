import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from './default-file';
import { ConfigNotFoundError } from './errors';
import { parseConfig, parseConfigJson } from './load';
import type { AppConfig } from './schema';

/** Reads and validates one JSON configuration file; a missing or unreadable file is a `ConfigNotFoundError` naming it. */
export function loadConfigFile(path: string): AppConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigNotFoundError(path, code === 'ENOENT' ? 'no such file' : String(code ?? cause), {
      cause,
    });
  }
  return parseConfigJson(text, path);
}

/**
 * The configuration the CLI and the CDK app use: the named file (resolved against `cwd`; it must
 * exist), else `genai-finops.config.json` in `cwd` if present, else the defaults.
 */
export function loadConfigFrom(file: string | undefined, cwd: string): AppConfig {
  if (file !== undefined) return loadConfigFile(resolve(cwd, file));
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? loadConfigFile(fallback) : parseConfig({});
}
