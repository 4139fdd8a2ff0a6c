import {
  DeleteRolePolicyCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListRoleTagsCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { IamEnforcer } from '../../ports/iam-enforcer';

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchEntityException || (error as { name?: string }).name === 'NoSuchEntityException';

/** The IAM enforcer on the real IAM API (one account: the client's credentials'). */
export class AwsIamEnforcer implements IamEnforcer {
  constructor(private readonly client: IAMClient) {}

  async roleTags(roleName: string): Promise<Readonly<Record<string, string>> | undefined> {
    const tags: Record<string, string> = {};
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListRoleTagsCommand({ RoleName: roleName, Marker: marker }));
        for (const t of page.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    return tags;
  }

  async getInlinePolicy(roleName: string, policyName: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
      );
      // IAM returns the document URL-encoded (RFC 3986) and the SDK does not decode it.
      return out.PolicyDocument === undefined ? undefined : decodeURIComponent(out.PolicyDocument);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async putInlinePolicy(roleName: string, policyName: string, document: string): Promise<void> {
    await this.client.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }),
    );
  }

  async deleteInlinePolicy(roleName: string, policyName: string): Promise<boolean> {
    try {
      await this.client.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
