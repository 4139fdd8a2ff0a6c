export { ConfigError, InvalidConfigError } from './errors';
export { parseConfig, parseConfigJson } from './load';
export type { AppConfig, AppConfigInput, AttributionConfig, IdentityRule, IngestConfig } from './schema';
export { configSchema } from './schema';
