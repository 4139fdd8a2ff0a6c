import { BedrockClient, GetInferenceProfileCommand } from '@aws-sdk/client-bedrock';
import type { ModelResolver } from '../../ports';

/** Answers that will not change by asking again: the ARN is kept as the model. */
const PERMANENT = new Set(['AccessDeniedException', 'ResourceNotFoundException', 'ValidationException']);

/**
 * Resolves application inference profiles with Bedrock's `GetInferenceProfile`, once per ARN.
 * A permanent refusal (no permission, another account's profile, deleted profile) resolves to
 * undefined, so the row keeps the ARN as its model. A transient failure (throttling, a 5xx after
 * the SDK's own retries) throws and is not cached: writing the ARN would split a model's totals.
 */
export class BedrockModelResolver implements ModelResolver {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private readonly clients = new Map<string, BedrockClient>();

  constructor(
    private readonly clientFor: (region: string) => BedrockClient = (region) => new BedrockClient({ region }),
  ) {}

  resolveApplicationProfile(arn: string): Promise<string | undefined> {
    let hit = this.cache.get(arn);
    if (!hit) {
      hit = this.lookUp(arn);
      this.cache.set(arn, hit);
    }
    return hit;
  }

  private async lookUp(arn: string): Promise<string | undefined> {
    const region = arn.split(':')[3] ?? '';
    let client = this.clients.get(region);
    if (!client) {
      client = this.clientFor(region);
      this.clients.set(region, client);
    }
    try {
      const profile = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn }));
      const modelArn = profile.models?.[0]?.modelArn;
      return modelArn ?? undefined;
    } catch (error) {
      const name = (error as Error).name;
      if (PERMANENT.has(name)) return undefined;
      this.cache.delete(arn);
      throw new Error(`GetInferenceProfile ${arn} failed (${name}); the day is left as it was`, {
        cause: error,
      });
    }
  }
}
