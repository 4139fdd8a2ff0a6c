import type { Conversation, Turn } from './conversation';
import type { ModelFamily } from './org';
import type { Rng } from './rng';
import { anthropicModelName, streamChunks } from './stream-chunks';
import { latencyMs, type Outcome, type TokenCounts } from './tokens';
import type { Operation } from './workloads';

/** The request and response bodies as Bedrock logs them; `output` is undefined when nothing came back. */
export interface Bodies {
  input: unknown;
  output: unknown;
}

type Json = Record<string, unknown>;

const TOOL_SPEC = {
  description: 'Looks things up for the assistant.',
  schema: {
    type: 'object',
    properties: { query: { type: 'string' }, limit: { type: 'integer' } },
    required: ['query'],
  },
};

function maxTokensFor(output: number): number {
  return [256, 512, 1024, 2048, 4096, 8192].find((m) => m >= output * 1.3) ?? 8192;
}

function converseMessages(turns: readonly Turn[]): Json[] {
  const messages: Json[] = [];
  let pendingResult: Json | undefined;
  for (const turn of turns) {
    const content: Json[] = [];
    if (pendingResult && turn.role === 'user') {
      content.push(pendingResult);
      pendingResult = undefined;
    }
    content.push({ text: turn.text });
    if (turn.tool) {
      content.push({ toolUse: { toolUseId: turn.tool.id, name: turn.tool.name, input: turn.tool.input } });
      pendingResult = { toolResult: { toolUseId: turn.tool.id, content: [{ text: turn.tool.result }] } };
    }
    messages.push({ role: turn.role, content });
  }
  return messages;
}

function anthropicMessages(turns: readonly Turn[]): Json[] {
  const messages: Json[] = [];
  let pendingResult: Json | undefined;
  for (const turn of turns) {
    const content: Json[] = [];
    if (pendingResult && turn.role === 'user') {
      content.push(pendingResult);
      pendingResult = undefined;
    }
    content.push({ type: 'text', text: turn.text });
    if (turn.tool) {
      content.push({ type: 'tool_use', id: turn.tool.id, name: turn.tool.name, input: turn.tool.input });
      pendingResult = {
        type: 'tool_result',
        tool_use_id: turn.tool.id,
        content: [{ type: 'text', text: turn.tool.result }],
      };
    }
    messages.push({ role: turn.role, content });
  }
  return messages;
}

function flatText(turn: Turn): string {
  return turn.tool ? `${turn.text}\n[${turn.tool.name}] ${turn.tool.result}` : turn.text;
}

function llamaPrompt(conv: Conversation): string {
  const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
  let prompt = '<|begin_of_text|>';
  if (conv.system !== undefined) prompt += `${header('system')}${conv.system}<|eot_id|>`;
  for (const turn of conv.turns) prompt += `${header(turn.role)}${flatText(turn)}<|eot_id|>`;
  return `${prompt}${header('assistant')}`;
}

function inputBody(
  op: Operation,
  family: ModelFamily,
  conv: Conversation,
  tokens: TokenCounts,
  rng: Rng,
): unknown {
  const maxTokens = maxTokensFor(tokens.output);
  const temperature = rng.pick([0, 0.2, 0.3, 0.5, 0.7, 1]);
  const cached = tokens.cacheRead !== undefined && (tokens.cacheRead > 0 || (tokens.cacheWrite ?? 0) > 0);
  if (family === 'titan-embed')
    return { inputText: conv.turns.map(flatText).join('\n'), dimensions: 1024, normalize: true };
  if (op === 'Converse' || op === 'ConverseStream') {
    const body: Json = {};
    if (conv.system !== undefined) {
      body.system = cached
        ? [{ text: conv.system }, { cachePoint: { type: 'default' } }]
        : [{ text: conv.system }];
    }
    body.messages = converseMessages(conv.turns);
    body.inferenceConfig = { maxTokens, temperature };
    if (conv.tools) {
      body.toolConfig = {
        tools: [
          {
            toolSpec: {
              name: 'search_docs',
              description: TOOL_SPEC.description,
              inputSchema: { json: TOOL_SPEC.schema },
            },
          },
        ],
      };
    }
    return body;
  }
  if (family === 'anthropic') {
    const body: Json = { anthropic_version: 'bedrock-2023-05-31', max_tokens: maxTokens };
    if (conv.system !== undefined) {
      body.system = cached
        ? [{ type: 'text', text: conv.system, cache_control: { type: 'ephemeral' } }]
        : conv.system;
    }
    body.messages = anthropicMessages(conv.turns);
    body.temperature = temperature;
    if (conv.tools)
      body.tools = [
        { name: 'search_docs', description: TOOL_SPEC.description, input_schema: TOOL_SPEC.schema },
      ];
    return body;
  }
  if (family === 'llama')
    return { prompt: llamaPrompt(conv), max_gen_len: maxTokens, temperature, top_p: 0.9 };
  const body: Json = { schemaVersion: 'messages-v1' };
  if (conv.system !== undefined) body.system = [{ text: conv.system }];
  body.messages = conv.turns.map((turn) => ({ role: turn.role, content: [{ text: flatText(turn) }] }));
  body.inferenceConfig = { maxTokens, temperature, topP: 0.9 };
  return body;
}

function converseOutput(conv: Conversation, tokens: TokenCounts, outcome: Outcome, rng: Rng): Json {
  const usage: Json = { inputTokens: tokens.input, outputTokens: tokens.output };
  usage.totalTokens = tokens.input + tokens.output + (tokens.cacheRead ?? 0) + (tokens.cacheWrite ?? 0);
  if (tokens.cacheRead !== undefined) usage.cacheReadInputTokens = tokens.cacheRead;
  if (tokens.cacheWrite !== undefined) usage.cacheWriteInputTokens = tokens.cacheWrite;
  if (outcome === 'guardrail') {
    return {
      output: { message: { role: 'assistant', content: [{ text: conv.completion }] } },
      stopReason: 'guardrail_intervened',
      metrics: { latencyMs: rng.int(120, 600) },
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    };
  }
  const content: Json[] = [{ text: conv.completion }];
  let stopReason = 'end_turn';
  if (conv.tools && rng.chance(0.35)) {
    content.push({
      toolUse: {
        toolUseId: `tooluse_${rng.hex(22)}`,
        name: 'search_docs',
        input: { query: 'follow-up', limit: 5 },
      },
    });
    stopReason = 'tool_use';
  }
  return {
    output: { message: { role: 'assistant', content } },
    stopReason,
    metrics: { latencyMs: latencyMs(tokens, rng) },
    usage,
  };
}

function invokeOutput(
  family: ModelFamily,
  model: string,
  conv: Conversation,
  tokens: TokenCounts,
  rng: Rng,
): unknown {
  if (family === 'titan-embed') return undefined;
  if (family === 'anthropic') {
    const usage: Json = { input_tokens: tokens.input };
    if (tokens.cacheWrite !== undefined) usage.cache_creation_input_tokens = tokens.cacheWrite;
    if (tokens.cacheRead !== undefined) usage.cache_read_input_tokens = tokens.cacheRead;
    usage.output_tokens = tokens.output;
    return {
      id: `msg_bdrk_${rng.hex(24)}`,
      type: 'message',
      role: 'assistant',
      model: anthropicModelName(model),
      content: [{ type: 'text', text: conv.completion }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage,
    };
  }
  if (family === 'llama') {
    return {
      generation: conv.completion,
      prompt_token_count: tokens.input,
      generation_token_count: tokens.output,
      stop_reason: 'stop',
    };
  }
  return {
    output: { message: { content: [{ text: conv.completion }], role: 'assistant' } },
    stopReason: 'end_turn',
    usage: {
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      totalTokens: tokens.input + tokens.output,
    },
  };
}

/** Shapes a conversation into the logged request body and response body (or chunk array) of one operation. */
export function renderBodies(
  op: Operation,
  family: ModelFamily,
  model: string,
  conv: Conversation,
  tokens: TokenCounts,
  outcome: Outcome,
  rng: Rng,
): Bodies {
  const input = inputBody(op, family, conv, tokens, rng);
  if (outcome === 'error') return { input, output: undefined };
  if (op === 'Converse' || op === 'ConverseStream')
    return { input, output: converseOutput(conv, tokens, outcome, rng) };
  if (op === 'InvokeModel') return { input, output: invokeOutput(family, model, conv, tokens, rng) };
  return { input, output: streamChunks(family, model, conv, tokens, rng) };
}
