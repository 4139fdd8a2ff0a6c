import { BedrockClient, GetInferenceProfileCommand } from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockModelResolver } from '../../shared/adapters/aws/bedrock-model-resolver';

const bedrock = mockClient(BedrockClient);
afterEach(() => bedrock.reset());

const profile = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';

describe('BedrockModelResolver', () => {
  it('returns the model ARN GetInferenceProfile names, asking once per profile', async () => {
    bedrock.on(GetInferenceProfileCommand, { inferenceProfileIdentifier: profile }).resolves({
      inferenceProfileName: 'support-bot',
      inferenceProfileArn: profile,
      inferenceProfileId: 'a1b2c3d4e5f6',
      status: 'ACTIVE',
      type: 'APPLICATION',
      models: [
        { modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' },
        { modelArn: 'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' },
      ],
    });
    const resolver = new BedrockModelResolver(() => new BedrockClient({ region: 'us-east-1' }));
    expect(await resolver.resolveApplicationProfile(profile)).toBe(
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    await resolver.resolveApplicationProfile(profile);
    expect(bedrock.commandCalls(GetInferenceProfileCommand)).toHaveLength(1);
  });

  it('returns undefined, and asks only once, when access is denied', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    bedrock.on(GetInferenceProfileCommand).rejects(denied);
    const resolver = new BedrockModelResolver(() => new BedrockClient({ region: 'us-east-1' }));
    expect(await resolver.resolveApplicationProfile(profile)).toBeUndefined();
    expect(await resolver.resolveApplicationProfile(profile)).toBeUndefined();
    expect(bedrock.commandCalls(GetInferenceProfileCommand)).toHaveLength(1);
  });
  it('throws on a transient failure and asks again next time', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    bedrock
      .on(GetInferenceProfileCommand)
      .rejectsOnce(throttled)
      .resolves({
        inferenceProfileName: 'p',
        inferenceProfileArn: profile,
        inferenceProfileId: 'a1b2c3d4e5f6',
        status: 'ACTIVE',
        type: 'APPLICATION',
        models: [{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0' }],
      });
    const resolver = new BedrockModelResolver(
      () => new BedrockClient({ region: 'us-east-1', maxAttempts: 1 }),
    );
    await expect(resolver.resolveApplicationProfile(profile)).rejects.toThrow(/ThrottlingException/);
    expect(await resolver.resolveApplicationProfile(profile)).toBe(
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
    );
  });
});
