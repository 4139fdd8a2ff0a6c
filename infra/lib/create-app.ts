import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readDeployConfig } from './config-file';
import { GenAiFinOpsStack } from './genai-finops-stack';

/** Name of the deployed stack. */
export const STACK_NAME = 'GenAiFinOps';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /**
   * Passed to `new App()`. `builtinCloudFormationValidation` defaults to false here: it adds
   * ~3 s to every synth, and the infra tests run it on this app (`test/infra/app.test.ts`).
   */
  appProps?: AppProps;
  /** Folder the default configuration file is looked up in. */
  cwd?: string;
}

/**
 * The CDK app: one environment-agnostic `GenAiFinOps` stack configured from the `config`
 * context file, checked by cdk-nag's AwsSolutions and Serverless packs (synth fails on any unacknowledged finding).
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: GenAiFinOpsStack } {
  const app = new App({ builtinCloudFormationValidation: false, ...options.appProps });
  const config = readDeployConfig(app.node.tryGetContext('config'), options.cwd ?? process.cwd());
  const stack = new GenAiFinOpsStack(app, STACK_NAME, {
    description: 'GenAI FinOps: Bedrock usage and cost lake, ingest and Athena.',
    config,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}
