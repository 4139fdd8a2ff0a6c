import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderStore } from '../../../shared/adapters/local/folder-store';
import { modelPolicySchema } from '../../../shared/config/guardrails-schema';
import {
  approvalAudit,
  grantApproval,
  listApprovals,
  revokeApproval,
} from '../../../shared/guardrails/approvals';
import type { IdentityCalls } from '../../../shared/guardrails/identity-usage';
import { findViolations, priceTier } from '../../../shared/guardrails/model-policy';

const call = (day: string, model: string, over: Partial<IdentityCalls> = {}): IdentityCalls => ({
  day,
  identity: 'arn:aws:sts::123456789012:assumed-role/dev-experimenter/alice',
  account: '123456789012',
  region: 'us-east-1',
  model,
  team: 'search',
  feature: 'rag',
  environment: 'dev',
  invocations: 40,
  cost: 12_500_000n,
  ...over,
});
const policies = {
  dev: modelPolicySchema.parse({
    allow: ['amazon.nova-*'],
    maxTier: 'small',
    needsApproval: ['anthropic.claude-sonnet-*'],
  }),
};
const tiers: Record<string, number> = {
  'amazon.nova-micro-v1:0': 0.14,
  'anthropic.claude-haiku': 1.25,
  'anthropic.claude-sonnet-4': 15,
  'anthropic.claude-opus-4': 75,
};
const tierOf = (c: IdentityCalls) => priceTier(tiers[c.model], { small: 2, medium: 20 });

describe('findViolations', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const store = () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-'));
    return new FolderStore(dir);
  };

  it('returns calls to disallowed and unapproved models with caller, count and cost', () => {
    const calls = [
      call('2026-03-02', 'amazon.nova-micro-v1:0'),
      call('2026-03-02', 'anthropic.claude-haiku'),
      call('2026-03-02', 'anthropic.claude-opus-4'),
      call('2026-03-02', 'anthropic.claude-sonnet-4'),
      call('2026-03-02', 'anthropic.claude-opus-4', { environment: 'production' }),
    ];
    const found = findViolations(calls, policies, tierOf, []);
    expect(found.map((v) => [v.model, v.verdict])).toEqual([
      ['anthropic.claude-opus-4', 'disallowed'],
      ['anthropic.claude-sonnet-4', 'disallowed'],
    ]);
    expect(found[0]).toMatchObject({ identity: call('', '').identity, invocations: 40, cost: 12_500_000n });
  });

  it('returns needs-approval for an allowed model on the approval list', () => {
    const p = { dev: modelPolicySchema.parse({ needsApproval: ['anthropic.claude-sonnet-*'] }) };
    expect(findViolations([call('2026-03-02', 'anthropic.claude-sonnet-4')], p, tierOf, [])[0]?.verdict).toBe(
      'needs-approval',
    );
  });

  it('honours a live approval for its feature only, and not once expired or revoked', async () => {
    const s = store();
    const approval = await grantApproval(
      s,
      {
        team: 'search',
        feature: 'rag',
        model: 'anthropic.claude-sonnet-*',
        until: '2026-03-05',
        by: 'dana',
        reason: 'eval run',
      },
      new Date('2026-03-01T09:00:00Z'),
    );
    const sonnet = (day: string, over: Partial<IdentityCalls> = {}) =>
      call(day, 'anthropic.claude-sonnet-4', over);
    const check = async (c: IdentityCalls) =>
      findViolations([c], policies, tierOf, await listApprovals(s)).length;
    expect(await check(sonnet('2026-03-02'))).toBe(0);
    expect(await check(sonnet('2026-03-02', { feature: 'chat' }))).toBe(1);
    expect(await check(sonnet('2026-03-06'))).toBe(1);
    expect(await check(sonnet('2026-02-28'))).toBe(1);
    await revokeApproval(s, approval.id, 'erin', 'eval done', new Date('2026-03-03T10:00:00Z'));
    expect(await check(sonnet('2026-03-02'))).toBe(0);
    expect(await check(sonnet('2026-03-03'))).toBe(1);
    const audit = await approvalAudit(s);
    expect(audit.map((e) => [e.action, e.by, e.reason])).toEqual([
      ['grant', 'dana', 'eval run'],
      ['revoke', 'erin', 'eval done'],
    ]);
    await expect(revokeApproval(s, approval.id, 'erin', 'again', new Date())).rejects.toThrow(
      /no live approval/,
    );
  });
});
