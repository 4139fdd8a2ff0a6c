import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { InvalidConfigError } from '../../shared/config';

/** Largest value of a Standard-tier SSM parameter (free). */
export const STANDARD_PARAMETER_BYTES = 4096;
/** Largest value of an Advanced-tier SSM parameter ($0.05 per parameter-month). */
export const ADVANCED_PARAMETER_BYTES = 8192;

/**
 * The cheapest tier that holds `bytes` of configuration: Standard up to 4 KB, else Advanced up to 8 KB.
 * Throws `InvalidConfigError` (at synth) for anything larger, naming the keys that grow without bound.
 */
export function configParameterTier(bytes: number): ssm.ParameterTier {
  if (bytes <= STANDARD_PARAMETER_BYTES) return ssm.ParameterTier.STANDARD;
  if (bytes <= ADVANCED_PARAMETER_BYTES) return ssm.ParameterTier.ADVANCED;
  throw new InvalidConfigError(
    '',
    `the configuration takes about ${bytes} bytes; an SSM parameter holds at most ${ADVANCED_PARAMETER_BYTES}. Shorten attribution.identities or ingest.inferenceProfiles.`,
  );
}

/** Props of {@link createConfigParameter}. */
export interface ConfigParameterProps {
  /** The validated configuration as JSON (may contain tokens such as bucket names). */
  configJson: string;
  /** Its size once tokens resolve, at worst: chooses the tier. */
  worstCaseBytes: number;
}

/** The String parameter the ingest function reads its configuration from at cold start. */
export function createConfigParameter(
  scope: Construct,
  id: string,
  props: ConfigParameterProps,
): ssm.StringParameter {
  return new ssm.StringParameter(scope, id, {
    description: 'GenAI FinOps configuration (JSON), validated at synth and at cold start.',
    stringValue: props.configJson,
    tier: configParameterTier(props.worstCaseBytes),
  });
}
