import { describe, expect, it } from 'vitest';
import { classifyModelId, createModelNormalizer } from '../../shared/bedrock/normalize-model';
import { parseConfig } from '../../shared/config';

describe('classifyModelId', () => {
  const cases: [string, string, string][] = [
    ['anthropic.claude-3-haiku-20240307-v1:0', 'base', 'anthropic.claude-3-haiku-20240307-v1:0'],
    [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'cross-region-profile',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
    ],
    ['eu.amazon.nova-pro-v1:0', 'cross-region-profile', 'amazon.nova-pro-v1:0'],
    ['apac.amazon.nova-lite-v1:0', 'cross-region-profile', 'amazon.nova-lite-v1:0'],
    [
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'cross-region-profile',
      'anthropic.claude-haiku-4-5-20251001-v1:0',
    ],
    [
      'us-gov.anthropic.claude-3-haiku-20240307-v1:0',
      'cross-region-profile',
      'anthropic.claude-3-haiku-20240307-v1:0',
    ],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
      'foundation-model-arn',
      'anthropic.claude-3-5-haiku-20241022-v1:0',
    ],
    [
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.meta.llama3-3-70b-instruct-v1:0',
      'system-profile-arn',
      'meta.llama3-3-70b-instruct-v1:0',
    ],
    [
      'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6',
      'application-profile-arn',
      'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6',
    ],
    [
      'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123',
      'other-arn',
      'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123',
    ],
  ];
  for (const [id, kind, model] of cases) {
    it(`returns ${model} (${kind}) for ${id}`, () => {
      expect(classifyModelId(id)).toEqual({ kind, model });
    });
  }
});

describe('createModelNormalizer', () => {
  const profile = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';

  it('resolves an application profile through the configured map first', async () => {
    const config = parseConfig({
      ingest: { inferenceProfiles: { [profile]: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' } },
    });
    const normalize = createModelNormalizer(config);
    expect(await normalize(profile)).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it('asks the resolver once per ARN and strips what it returns', async () => {
    let calls = 0;
    const normalize = createModelNormalizer(parseConfig({}), {
      resolveApplicationProfile: async () => {
        calls++;
        return 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0';
      },
    });
    expect(await normalize(profile)).toBe('amazon.nova-lite-v1:0');
    expect(await normalize(profile)).toBe('amazon.nova-lite-v1:0');
    expect(calls).toBe(1);
  });

  it('keeps the ARN when the profile cannot be resolved', async () => {
    const normalize = createModelNormalizer(parseConfig({}), {
      resolveApplicationProfile: async () => undefined,
    });
    expect(await normalize(profile)).toBe(profile);
  });
});
