/** The environment variable naming the SSM parameter that holds the configuration JSON the stack wrote. */
export const CONFIG_PARAMETER_ENV = 'GENAI_FINOPS_CONFIG_PARAMETER';
