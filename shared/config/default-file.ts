/** The configuration file used when none is named, looked up in the working directory. */
export const DEFAULT_CONFIG_FILE = 'genai-finops.config.json';
