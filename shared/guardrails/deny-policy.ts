/** The inline policy's name: the product's, so it is found and removed reliably. */
export const DENY_POLICY_NAME = 'genai-finops-guardrail-deny';
/**
 * The statement id that marks the document as the product's. Inline policies take no tags, so this
 * is the tag: a same-named policy without it was not written here and is never removed.
 */
export const DENY_SID = 'GenaiFinopsGuardrailDeny';

/**
 * The deny document. `Converse` authorizes as `bedrock:InvokeModel` and `ConverseStream` as
 * `bedrock:InvokeModelWithResponseStream`, so `InvokeModel*` stops both; `Converse*` is kept for
 * the day Bedrock gives them actions of their own.
 */
export function denyPolicyDocument(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: DENY_SID,
        Effect: 'Deny',
        Action: ['bedrock:InvokeModel*', 'bedrock:Converse*'],
        Resource: '*',
      },
    ],
  });
}

/** Whether a policy document (JSON text) is the product's deny policy. */
export function isProductDeny(document: string | undefined): boolean {
  if (document === undefined) return false;
  try {
    const parsed = JSON.parse(document) as { Statement?: { Sid?: string }[] };
    return (parsed.Statement ?? []).some((s) => s.Sid === DENY_SID);
  } catch {
    return false;
  }
}

/**
 * The role name of an IAM role or an assumed-role session ARN; undefined for users, root and
 * anything else (a deny on a role is the only enforcement the product does).
 */
export function roleNameOf(identityArn: string): string | undefined {
  const assumed = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/.+$/.exec(identityArn);
  if (assumed) return assumed[1];
  const role = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(identityArn);
  return role?.[1];
}
