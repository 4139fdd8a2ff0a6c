import type { Rng } from './rng';
import type { TextSource } from './text';
import type { BodyStyle } from './workloads';

/** A tool call the assistant made in an earlier turn, with what the tool returned. */
export interface ToolExchange {
  id: string;
  name: string;
  input: Record<string, string | number>;
  result: string;
}

/** One message of the prompt; `tool` turns are an assistant tool call followed by its result. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  tool?: ToolExchange;
}

/** A request and its answer, before being shaped into one provider's body format. */
export interface Conversation {
  system: string | undefined;
  turns: Turn[];
  /** Whether the request declared tools (agent traffic). */
  tools: boolean;
  /** The completion text, canary included; split into chunks for streaming operations. */
  completion: string;
  /** The canary's part at the end of `completion` ('' without a canary): stream chunks keep it whole. */
  canarySuffix: string;
}

/** Character budgets for one record's texts. */
export interface TextSizes {
  user: number;
  completion: number;
}

/** System-prompt length per style in realistic mode (0: the style sends none). */
export const SYSTEM_CHARS: Record<BodyStyle, number> = {
  ticket: 2600,
  chat: 1500,
  rag: 900,
  embed: 0,
  copy: 700,
  code: 1400,
  agent: 4200,
  extract: 1100,
};

/**
 * Sizes from token counts. Real text runs about four characters a token; we log a bit over half
 * that (the part of the prompt a tokenizer would not count, e.g. images, is not modelled) so an
 * average line is ~6 KB, and cap so no line nears the 100 KB inline limit.
 */
export function textSizes(inputTokens: number, outputTokens: number, realistic: boolean): TextSizes {
  if (!realistic) return { user: 100, completion: 80 };
  return {
    user: Math.min(Math.max(Math.round(inputTokens * 2.2), 300), 30_000),
    completion: Math.min(Math.max(Math.round(outputTokens * 3), 80), 10_000),
  };
}

function canarySuffix(canary: string | undefined): string {
  return canary === undefined ? '' : ` [${canary}]`;
}

/** What a guardrail answers instead of the model. */
const BLOCKED = 'Sorry, the model cannot answer this question.';

const TOOLS = ['search_docs', 'get_invoice', 'run_sql', 'fetch_url', 'list_tickets'];

function userTurns(style: BodyStyle, sizes: TextSizes, rng: Rng, text: TextSource): Turn[] {
  switch (style) {
    case 'ticket':
      return [
        {
          role: 'user',
          text: `Ticket #${rng.int(100_000, 999_999)} from ${text.name(rng)}:\n\n${text.prose(rng, sizes.user)}`,
        },
      ];
    case 'rag': {
      const docs = rng.int(3, 8);
      const each = Math.ceil(sizes.user / docs);
      const context: string[] = [];
      for (let i = 1; i <= docs; i++) context.push(`[${i}] ${text.prose(rng, each)}`);
      return [
        { role: 'user', text: `Question: ${text.prose(rng, 60)}\n\nContext:\n${context.join('\n\n')}` },
      ];
    }
    case 'code':
      return [
        { role: 'user', text: `Review this change and list risky edits.\n\n${text.diff(rng, sizes.user)}` },
      ];
    case 'copy':
      return [
        {
          role: 'user',
          text: `Write ${rng.int(2, 6)} variants for this brief.\n\n${text.prose(rng, sizes.user)}`,
        },
      ];
    case 'chat': {
      const history = rng.int(0, 3);
      const each = Math.ceil(sizes.user / (2 * history + 1));
      const turns: Turn[] = [];
      for (let i = 0; i < history; i++) {
        turns.push(
          { role: 'user', text: text.prose(rng, each) },
          { role: 'assistant', text: text.prose(rng, each) },
        );
      }
      turns.push({ role: 'user', text: text.prose(rng, each) });
      return turns;
    }
    case 'agent': {
      const ask = text.prose(rng, Math.ceil(sizes.user / 4));
      const tool: ToolExchange = {
        id: `tooluse_${rng.hex(22)}`,
        name: rng.pick(TOOLS),
        input: { query: text.prose(rng, 40), limit: rng.int(3, 20) },
        result: text.prose(rng, Math.ceil((sizes.user * 3) / 4)),
      };
      return [
        { role: 'user', text: ask },
        { role: 'assistant', text: text.prose(rng, 80), tool },
        { role: 'user', text: 'Continue.' },
      ];
    }
    default:
      return [{ role: 'user', text: text.prose(rng, sizes.user) }];
  }
}

/**
 * Builds the prompt and completion for one record. The canary goes into the system prompt, the
 * last user message and the completion (a guardrail's canned answer included).
 */
export function buildConversation(
  style: BodyStyle,
  systemPrompt: string | undefined,
  sizes: TextSizes,
  blocked: boolean,
  rng: Rng,
  text: TextSource,
  canary: string | undefined,
): Conversation {
  const suffix = canarySuffix(canary);
  const system = systemPrompt === undefined ? undefined : systemPrompt + suffix;
  const turns = userTurns(style, sizes, rng, text);
  const last = turns[turns.length - 1];
  if (last) last.text += suffix;
  const completion = (blocked ? BLOCKED : text.prose(rng, sizes.completion)) + suffix;
  return { system, turns, tools: style === 'agent', completion, canarySuffix: suffix };
}
