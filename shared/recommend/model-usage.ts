/** A team × feature × environment × model × Region scope's Bedrock usage over the window. */
export interface ModelUsage {
  team: string;
  feature: string;
  environment: string;
  model: string;
  scope: string;
  invocations: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** 95th percentile of a call's prompt (input + cache read + cache write tokens). */
  p95PromptTokens: number;
  /** Five-minute slots (the default cache TTL) with at least one call. */
  activeSlots: number;
}

/** Mean prompt tokens of a call (fresh input plus cache reads and writes). */
export const meanPrompt = (u: ModelUsage): number =>
  u.invocations > 0 ? (u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens) / u.invocations : 0;

/** Mean output tokens of a call. */
export const meanOutput = (u: ModelUsage): number => (u.invocations > 0 ? u.outputTokens / u.invocations : 0);
