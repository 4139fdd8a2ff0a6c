export { ConfigError, InvalidConfigError } from './errors';
export { parseConfig, parseConfigJson } from './load';
export type { AppConfig, AppConfigInput, AttributionConfig, IdentityRule, IngestConfig } from './schema';
export { configSchema } from './schema';

/** The environment variable holding the whole configuration as JSON (validated at synth and at cold start). */
export const CONFIG_ENV = 'GENAI_FINOPS_CONFIG';
