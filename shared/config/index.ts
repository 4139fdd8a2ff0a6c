export { DEFAULT_CONFIG_FILE } from './default-file';
export { ConfigError, ConfigNotFoundError, InvalidConfigError } from './errors';
export { parseConfig, parseConfigJson } from './load';
export { loadConfigFile, loadConfigFrom } from './load-file';
export type { NotificationsConfig } from './notifications-schema';
export type {
  AppConfig,
  AppConfigInput,
  AttributionConfig,
  GpuConfig,
  IdentityRule,
  IngestConfig,
} from './schema';
export { configSchema } from './schema';
