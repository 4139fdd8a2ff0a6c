/** A mistake in how a command was called: reported without a stack, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
