import type { IamEnforcer } from '../../ports/iam-enforcer';

/**
 * The local enforcer: there is no IAM locally, so every call is only logged (one line each) and
 * the role is reported as having no such policy. Locally, enforcement is always a dry run.
 */
export class DryRunEnforcer implements IamEnforcer {
  readonly calls: string[] = [];

  constructor(private readonly log: (line: string) => void = () => {}) {}

  private note(line: string): void {
    this.calls.push(line);
    this.log(line);
  }

  async roleTags(roleName: string): Promise<undefined> {
    this.note(`dry run: would read the tags of role ${roleName}`);
    return undefined;
  }

  async getInlinePolicy(roleName: string, policyName: string): Promise<undefined> {
    this.note(`dry run: would read ${policyName} on role ${roleName}`);
    return undefined;
  }

  async putInlinePolicy(roleName: string, policyName: string, document: string): Promise<void> {
    this.note(`dry run: would put ${policyName} on role ${roleName}: ${document}`);
  }

  async deleteInlinePolicy(roleName: string, policyName: string): Promise<boolean> {
    this.note(`dry run: would delete ${policyName} on role ${roleName}`);
    return false;
  }
}
