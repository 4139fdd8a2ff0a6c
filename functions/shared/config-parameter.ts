import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';
import { type AppConfig, ConfigNotFoundError, parseConfigJson } from '../../shared/config';

import { CONFIG_PARAMETER_ENV } from './config-parameter-env';

export { CONFIG_PARAMETER_ENV };

/**
 * Reads the configuration from the SSM parameter `name` and validates it with the one schema.
 * Throws `ConfigNotFoundError` when the name is unset or the parameter does not exist, and
 * `InvalidConfigError` naming the bad key.
 */
export async function loadConfigParameter(ssm: SSMClient, name: string | undefined): Promise<AppConfig> {
  if (!name) throw new ConfigNotFoundError(CONFIG_PARAMETER_ENV, 'the environment variable is not set');
  let value: string | undefined;
  try {
    value = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound) {
      throw new ConfigNotFoundError(`SSM parameter ${name}`, 'it does not exist', { cause: error });
    }
    throw error;
  }
  if (value === undefined) throw new ConfigNotFoundError(`SSM parameter ${name}`, 'it has no value');
  return parseConfigJson(value, `SSM parameter ${name}`);
}
