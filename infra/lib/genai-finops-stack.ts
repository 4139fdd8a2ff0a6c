import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { GenAiFinOps, type GenAiFinOpsProps } from './genai-finops';

/** Props of {@link GenAiFinOpsStack}. */
export interface GenAiFinOpsStackProps extends StackProps, GenAiFinOpsProps {}

/** A stack holding just the {@link GenAiFinOps} construct: what `cdk deploy` deploys. */
export class GenAiFinOpsStack extends Stack {
  /** The pipeline. */
  readonly pipeline: GenAiFinOps;

  constructor(scope: Construct, id: string, props: GenAiFinOpsStackProps) {
    super(scope, id, props);
    const { config, dataBucket, bedrockLogsBucket, opsTopic } = props;
    this.pipeline = new GenAiFinOps(this, 'Pipeline', {
      config,
      ...(dataBucket ? { dataBucket } : {}),
      ...(bedrockLogsBucket ? { bedrockLogsBucket } : {}),
      ...(opsTopic ? { opsTopic } : {}),
    });
  }
}
