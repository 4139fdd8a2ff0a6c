/**
 * IAM enforcer port: reads a role's tags and writes, reads and deletes one inline policy on it.
 * The AWS adapter calls IAM; the local one only logs (enforcement locally is always a dry run).
 */
export interface IamEnforcer {
  /** The role's tags, or undefined when there is no such role. */
  roleTags(roleName: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** The inline policy's document as JSON text (decoded), or undefined when the role has none by that name. */
  getInlinePolicy(roleName: string, policyName: string): Promise<string | undefined>;
  /** Adds or overwrites the inline policy. */
  putInlinePolicy(roleName: string, policyName: string, document: string): Promise<void>;
  /** Removes the inline policy; false when it was already gone. */
  deleteInlinePolicy(roleName: string, policyName: string): Promise<boolean>;
}
