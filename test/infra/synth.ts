import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { GenAiFinOpsStack, type GenAiFinOpsStackProps } from '../../infra/lib/genai-finops-stack';
import { repoRoot } from '../../infra/lib/repo-paths';

/** The feature flags `cdk synth` uses (cdk.json), so tests see the same defaults. */
export const cdkContext: Record<string, unknown> = (
  JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

/** Context that skips asset bundling: the template tests are about the template. */
export const noBundling = { ...cdkContext, 'aws:cdk:bundling-stacks': [] };

/**
 * Synthesizes a `GenAiFinOpsStack` named `Test` without bundling or the built-in CloudFormation
 * validation. A props factory receives a second stack (`Shared`) to create given buckets in.
 */
export function synthStack(props: GenAiFinOpsStackProps | ((shared: Stack) => GenAiFinOpsStackProps)): {
  stack: GenAiFinOpsStack;
  template: Template;
} {
  const app = new App({ context: noBundling, builtinCloudFormationValidation: false });
  const resolved = typeof props === 'function' ? props(new Stack(app, 'Shared')) : props;
  const stack = new GenAiFinOpsStack(app, 'Test', resolved);
  return { stack, template: Template.fromStack(stack) };
}

/** The logical id of an L2 construct's CloudFormation resource. */
export function logicalIdOf(construct: IConstruct): string {
  const child = construct.node.defaultChild as CfnElement | undefined;
  if (!child) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).resolve(child.logicalId) as string;
}

/** Values substituted for intrinsics when a test turns a template value into a plain string. */
export interface Bindings {
  /** Logical id → physical name (what `Ref` returns; `Fn::GetAtt …Arn` becomes an S3 ARN of it). */
  refs: Record<string, string>;
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': '111122223333',
  'AWS::Region': 'us-east-1',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Evaluates `Fn::Join`, `Ref` and bucket `Fn::GetAtt …Arn` in a template value, as CloudFormation would. */
export function evaluate(value: unknown, bindings: Bindings): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => evaluate(p, bindings)).join(delimiter);
    }
    if (typeof o.Ref === 'string') {
      const name = PSEUDO[o.Ref] ?? bindings.refs[o.Ref];
      if (name === undefined) throw new Error(`no binding for Ref ${o.Ref}`);
      return name;
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      const name = bindings.refs[id];
      if (name === undefined || attr !== 'Arn') throw new Error(`no binding for Fn::GetAtt ${id}.${attr}`);
      return `arn:aws:s3:::${name}`;
    }
  }
  throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
}

/** The only resource of `type` in the template, with its logical id. */
export function onlyResource(
  template: Template,
  type: string,
  props: Record<string, unknown> = {},
): { id: string; Properties: Record<string, unknown> } {
  const found = Object.entries(template.findResources(type, props));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, Properties: resource.Properties };
}

/** Each function's `Description`: how tests tell the functions apart. */
export const FUNCTION_DESCRIPTIONS = {
  bedrock: 'GenAI FinOps: Bedrock invocation logs to curated Parquet.',
  cost: 'GenAI FinOps: Cost Explorer billed cost to cost_daily.',
  gpu: 'GenAI FinOps: CloudWatch GPU utilization to gpu_hourly.',
  anomaly: 'GenAI FinOps: anomaly detection and alerts after each Bedrock ingest.',
  report: 'GenAI FinOps: weekly and monthly showback report and unit-cost metrics.',
  events: 'GenAI FinOps: product events (releases, approval requests, approvals) into the store.',
} as const;

/** Which function. */
export type FunctionKind = keyof typeof FUNCTION_DESCRIPTIONS;

/** Every function of the stack. */
export const FUNCTION_KINDS = Object.keys(FUNCTION_DESCRIPTIONS) as FunctionKind[];

/** The functions EventBridge Scheduler starts; the anomaly function runs as the Bedrock ingest's on-success destination. */
export const SCHEDULED_KINDS = [
  'bedrock',
  'cost',
  'gpu',
  'report',
] as const satisfies readonly FunctionKind[];

/** The Lambda function of `kind`, found by its description. */
export function functionOf(
  template: Template,
  kind: FunctionKind,
): { id: string; Properties: Record<string, unknown> } {
  return onlyResource(template, 'AWS::Lambda::Function', {
    Properties: { Description: FUNCTION_DESCRIPTIONS[kind] },
  });
}
