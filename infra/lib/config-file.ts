import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AppConfig, parseConfigJson } from '../../shared/config';

/** The configuration file read when no `-c config=<file>` is given, relative to the working directory. */
export const DEFAULT_CONFIG_FILE = 'genai-finops.config.json';

/**
 * Reads the deployment configuration: the file named by the `config` context value, else
 * `genai-finops.config.json` in `cwd` if present, else defaults. Throws `InvalidConfigError`
 * naming the bad key, or a plain error when a named file does not exist.
 */
export function readDeployConfig(contextValue: unknown, cwd: string): AppConfig {
  if (contextValue !== undefined) {
    if (typeof contextValue !== 'string' || contextValue === '') {
      throw new Error('context "config" must be a path to a JSON configuration file');
    }
    const file = resolve(cwd, contextValue);
    if (!existsSync(file))
      throw new Error(`configuration file not found: ${file} (from -c config=${contextValue})`);
    return parseConfigJson(readFileSync(file, 'utf8'), file);
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(fallback)) return parseConfigJson(readFileSync(fallback, 'utf8'), fallback);
  return parseConfigJson('{}', 'defaults');
}
