import { type AppConfig, InvalidConfigError, loadConfigFrom } from '../../shared/config';

/**
 * Reads the deployment configuration: the file named by the `config` context value (`-c config=<file>`),
 * else `genai-finops.config.json` in `cwd` if present, else defaults. Throws `InvalidConfigError`
 * naming the bad key, or `ConfigNotFoundError` naming a file that does not exist.
 */
export function readDeployConfig(contextValue: unknown, cwd: string): AppConfig {
  if (contextValue !== undefined && (typeof contextValue !== 'string' || contextValue === '')) {
    throw new InvalidConfigError('', 'context "config" must be a path to a JSON configuration file');
  }
  return loadConfigFrom(contextValue, cwd);
}
