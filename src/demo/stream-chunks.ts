import type { Conversation } from './conversation';
import type { ModelFamily } from './org';
import type { Rng } from './rng';
import { latencyMs, type TokenCounts } from './tokens';

/** `anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929`, as Anthropic responses name it. */
export function anthropicModelName(model: string): string {
  return model.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}

/**
 * Splits a completion into stream deltas of a few tokens each. Cuts fall anywhere, like real
 * token boundaries, except inside the canary: it is kept whole in its own delta so a privacy
 * test can find it in any one chunk.
 */
function deltas(conv: Conversation, rng: Rng): string[] {
  const body = conv.completion.slice(0, conv.completion.length - conv.canarySuffix.length);
  const parts: string[] = [];
  let pos = 0;
  while (pos < body.length) {
    const next = Math.min(body.length, pos + rng.int(8, 40));
    parts.push(body.slice(pos, next));
    pos = next;
  }
  if (conv.canarySuffix !== '') parts.push(conv.canarySuffix);
  return parts;
}

function invocationMetrics(tokens: TokenCounts, rng: Rng): Record<string, number> {
  const latency = latencyMs(tokens, rng);
  return {
    inputTokenCount: tokens.input,
    outputTokenCount: tokens.output,
    invocationLatency: latency,
    firstByteLatency: Math.min(latency, rng.int(180, 900)),
  };
}

function anthropicChunks(model: string, conv: Conversation, tokens: TokenCounts, rng: Rng): unknown[] {
  const usage: Record<string, number> = { input_tokens: tokens.input };
  if (tokens.cacheWrite !== undefined) usage.cache_creation_input_tokens = tokens.cacheWrite;
  if (tokens.cacheRead !== undefined) usage.cache_read_input_tokens = tokens.cacheRead;
  usage.output_tokens = 1;
  const chunks: unknown[] = [
    {
      type: 'message_start',
      message: {
        id: `msg_bdrk_${rng.hex(24)}`,
        type: 'message',
        role: 'assistant',
        model: anthropicModelName(model),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ];
  for (const text of deltas(conv, rng)) {
    chunks.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  }
  chunks.push(
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: tokens.output },
    },
    { type: 'message_stop', 'amazon-bedrock-invocationMetrics': invocationMetrics(tokens, rng) },
  );
  return chunks;
}

function novaChunks(conv: Conversation, tokens: TokenCounts, rng: Rng): unknown[] {
  const chunks: unknown[] = [{ messageStart: { role: 'assistant' } }];
  for (const text of deltas(conv, rng)) {
    chunks.push({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } });
  }
  const metrics = invocationMetrics(tokens, rng);
  chunks.push(
    { contentBlockStop: { contentBlockIndex: 0 } },
    { messageStop: { stopReason: 'end_turn' } },
    {
      metadata: {
        usage: { inputTokens: tokens.input, outputTokens: tokens.output },
        metrics: {},
        trace: {},
      },
      'amazon-bedrock-invocationMetrics': metrics,
    },
  );
  return chunks;
}

function llamaChunks(conv: Conversation, tokens: TokenCounts, rng: Rng): unknown[] {
  const parts = deltas(conv, rng);
  return parts.map((generation, i) => {
    const last = i === parts.length - 1;
    const chunk: Record<string, unknown> = {
      generation,
      prompt_token_count: i === 0 ? tokens.input : null,
      generation_token_count: last ? tokens.output : i + 1,
      stop_reason: last ? 'stop' : null,
    };
    if (last) chunk['amazon-bedrock-invocationMetrics'] = invocationMetrics(tokens, rng);
    return chunk;
  });
}

/** The array of chunks `InvokeModelWithResponseStream` records carry as `outputBodyJson`. */
export function streamChunks(
  family: ModelFamily,
  model: string,
  conv: Conversation,
  tokens: TokenCounts,
  rng: Rng,
): unknown[] | undefined {
  if (family === 'anthropic') return anthropicChunks(model, conv, tokens, rng);
  if (family === 'llama') return llamaChunks(conv, tokens, rng);
  if (family === 'titan-embed') return undefined;
  return novaChunks(conv, tokens, rng);
}
