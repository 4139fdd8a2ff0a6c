import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Flattens a resolved CloudFormation value the way cdk-nag names findings
 * (`Fn::Join` joined, `{ Ref: X }` → `<X>`, `Fn::GetAtt` → `<X.Attr>`), so an acknowledgement
 * can name the exact wildcard instead of silencing the whole rule.
 */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    const join = o['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, items] = join as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return flatten(o['Fn::Sub']);
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if (o['Fn::ImportValue'] !== undefined) return flatten(o['Fn::ImportValue']);
    if (o.Ref !== undefined) return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** The cdk-nag finding id of a wildcard IAM resource, e.g. `AwsSolutions-IAM5[Resource::<Bucket.Arn>/curated/*]`. */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

/** Acknowledges one wildcard IAM resource on `scope` (and its children) with a reason. */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, resource), reason });
  // A bucket from another stack only becomes `Fn::ImportValue` once synthesis has resolved cross-stack
  // references, which happens before construct validation: name the finding again at that point.
  scope.node.addValidation({
    validate: () => {
      Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, resource), reason });
      return [];
    },
  });
}
