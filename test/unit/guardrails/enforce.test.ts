import {
  DeleteRolePolicyCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRoleTagsCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsIamEnforcer } from '../../../shared/adapters/aws/iam-enforcer';
import { enforcementSchema } from '../../../shared/config/guardrails-schema';
import { DENY_POLICY_NAME, roleNameOf } from '../../../shared/guardrails/deny-policy';
import { attachDenies, releaseDeny } from '../../../shared/guardrails/enforce';

const iam = mockClient(IAMClient);
const config = enforcementSchema.parse({ enabled: true, environments: ['dev'], dryRun: false });
const target = {
  roleName: 'dev-experimenter',
  environment: 'dev',
  team: 'search',
  reason: 'budget dev-exp exhausted',
};
const missing = () => new NoSuchEntityException({ message: 'no such entity', $metadata: {} });

/** A fake IAM holding one role's tags and inline policies, so attach-then-release can be checked end to end. */
function fakeRole(tags: Record<string, string>, policies: Map<string, string> = new Map()) {
  iam
    .on(ListRoleTagsCommand)
    .resolves({ Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })), IsTruncated: false });
  iam.on(GetRolePolicyCommand).callsFake((input: { PolicyName: string }) => {
    const doc = policies.get(input.PolicyName);
    if (doc === undefined) throw missing();
    return { PolicyDocument: encodeURIComponent(doc) };
  });
  iam.on(PutRolePolicyCommand).callsFake((input: { PolicyName: string; PolicyDocument: string }) => {
    policies.set(input.PolicyName, input.PolicyDocument);
    return {};
  });
  iam.on(DeleteRolePolicyCommand).callsFake((input: { PolicyName: string }) => {
    if (!policies.delete(input.PolicyName)) throw missing();
    return {};
  });
  return policies;
}

describe('enforcement on IAM', () => {
  beforeEach(() => iam.reset());
  const enforcer = () => new AwsIamEnforcer(new IAMClient({ region: 'us-east-1' }));

  it('attaches the deny policy and releases it, leaving the role as it was', async () => {
    const policies = fakeRole({ 'finops:enforce': 'true' }, new Map([['app', '{"Statement":[]}']]));
    const before = new Map(policies);
    const [attached] = await attachDenies(enforcer(), config, [target], false);
    expect(attached?.action).toBe('attached');
    const put = iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input;
    expect(put?.RoleName).toBe('dev-experimenter');
    expect(put?.PolicyName).toBe(DENY_POLICY_NAME);
    const doc = JSON.parse(put?.PolicyDocument ?? '{}');
    expect(doc.Statement[0]).toMatchObject({
      Effect: 'Deny',
      Action: ['bedrock:InvokeModel*', 'bedrock:Converse*'],
      Resource: '*',
    });
    const released = await releaseDeny(enforcer(), config, target, false);
    expect(released.action).toBe('released');
    expect(policies).toEqual(before);
  });

  it('returns already-attached on a second attach and writes nothing', async () => {
    fakeRole({ 'finops:enforce': 'true' });
    await attachDenies(enforcer(), config, [target], false);
    const [again] = await attachDenies(enforcer(), config, [target], false);
    expect(again?.action).toBe('already-attached');
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
  });

  it('never writes to a role without the configured tag', async () => {
    fakeRole({ 'finops:enforce': 'false', team: 'search' });
    const [a] = await attachDenies(enforcer(), config, [target], false);
    expect(a?.action).toBe('skipped');
    expect(a?.detail).toContain('lacks tag');
    expect(await releaseDeny(enforcer(), config, target, false)).toMatchObject({ action: 'skipped' });
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
    expect(iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(0);
  });

  it('never touches a production role unless production is opted in', async () => {
    fakeRole({ 'finops:enforce': 'true' });
    const prod = { ...target, roleName: 'prod-api', environment: 'production' };
    const [a] = await attachDenies(enforcer(), config, [prod], false);
    expect(a).toMatchObject({ action: 'skipped', detail: "environment 'production' is not opted in" });
    expect(iam.calls()).toHaveLength(0);
    const optedIn = enforcementSchema.parse({
      enabled: true,
      environments: ['dev', 'production'],
      dryRun: false,
    });
    const [b] = await attachDenies(enforcer(), optedIn, [prod], false);
    expect(b?.action).toBe('attached');
  });

  it('makes no call at all in a dry run, nor when enforcement is off', async () => {
    fakeRole({ 'finops:enforce': 'true' });
    const [a] = await attachDenies(enforcer(), config, [target], true);
    expect(a?.action).toBe('would-attach');
    expect((await releaseDeny(enforcer(), config, target, true)).action).toBe('would-release');
    const [off] = await attachDenies(
      enforcer(),
      enforcementSchema.parse({ environments: ['dev'] }),
      [target],
      false,
    );
    expect(off?.action).toBe('skipped');
    expect(iam.calls()).toHaveLength(0);
  });

  describe('edge cases', () => {
    it('leaves a same-named policy it did not write', async () => {
      const policies = fakeRole(
        { 'finops:enforce': 'true' },
        new Map([[DENY_POLICY_NAME, '{"Statement":[{"Sid":"Theirs"}]}']]),
      );
      expect((await releaseDeny(enforcer(), config, target, false)).action).toBe('skipped');
      expect(policies.has(DENY_POLICY_NAME)).toBe(true);
    });

    it('returns the role name of assumed-role and role ARNs only', () => {
      expect(roleNameOf('arn:aws:sts::123456789012:assumed-role/dev-experimenter/alice')).toBe(
        'dev-experimenter',
      );
      expect(roleNameOf('arn:aws:iam::123456789012:role/teams/dev-experimenter')).toBe('dev-experimenter');
      expect(roleNameOf('arn:aws:iam::123456789012:user/alice')).toBeUndefined();
    });
  });
});
