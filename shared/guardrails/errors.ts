/** Base of every guardrails error. */
export class GuardrailError extends Error {
  override name = 'GuardrailError';
}

/** An approval id that is not in the store, or one already revoked. */
export class ApprovalNotFoundError extends GuardrailError {
  override name = 'ApprovalNotFoundError';
}

/** An IAM call of the enforcer failed; `cause` is the SDK error. */
export class EnforcementError extends GuardrailError {
  override name = 'EnforcementError';
}

/** An approval request that is not in the store, was granted already, or expired. */
export class ApprovalRequestError extends GuardrailError {
  override name = 'ApprovalRequestError';
}
