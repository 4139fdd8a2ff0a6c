// The package entry (`import { GenAiFinOps } from 'genai-finops'`): what an app embeds.
export type { AppConfig, AppConfigInput } from '../../shared/config';
export { DEFAULT_CONFIG_FILE, loadConfigFile, loadConfigFrom, parseConfig } from '../../shared/config';
export { GenAiFinOps, type GenAiFinOpsProps } from './genai-finops';
export { GenAiFinOpsStack, type GenAiFinOpsStackProps } from './genai-finops-stack';
