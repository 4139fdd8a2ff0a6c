/**
 * Resolves an application-inference-profile ARN to the base model id it routes to.
 * Returns undefined when it cannot (no access, no AWS, unknown profile): the caller keeps the ARN.
 */
export interface ModelResolver {
  resolveApplicationProfile(arn: string): Promise<string | undefined>;
}
