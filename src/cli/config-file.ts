import { type AppConfig, loadConfigFrom } from '../../shared/config';

/**
 * Reads and validates `--config` (or `./genai-finops.config.json` if present, or the defaults).
 * A named file that does not exist is a `ConfigNotFoundError`, which the command reports with exit status 2.
 */
export function loadConfig(path: string | undefined): AppConfig {
  return loadConfigFrom(path, process.cwd());
}
