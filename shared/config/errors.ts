/** Base class of every configuration error. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A configuration value failed validation; `key` is its dotted path (e.g. `attribution.lookbackHours`). */
export class InvalidConfigError extends ConfigError {
  override name = 'InvalidConfigError';
  constructor(
    readonly key: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration: ${key || '(root)'}: ${problem}`, options);
  }
}

/** A configuration file (or stored configuration) that was named but could not be read. */
export class ConfigNotFoundError extends ConfigError {
  override name = 'ConfigNotFoundError';
  constructor(
    readonly location: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`configuration not found: ${location}${detail ? ` (${detail})` : ''}`, options);
  }
}
