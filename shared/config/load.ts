import type { z } from 'zod';
import { InvalidConfigError } from './errors';
import { type AppConfig, configSchema } from './schema';

function keyOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Turns zod's first issue into an error naming the dotted key. */
function toConfigError(error: z.ZodError, origin: string | undefined): InvalidConfigError {
  const issue = error.issues[0];
  if (!issue) return new InvalidConfigError('', 'invalid', { cause: error });
  let path = issue.path;
  // An unknown key is reported on its parent; name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0] as string];
  const problem = origin ? `${issue.message} (in ${origin})` : issue.message;
  return new InvalidConfigError(keyOf(path), problem, { cause: error });
}

/** Validates a raw configuration object; throws `InvalidConfigError` naming the first bad key. */
export function parseConfig(raw: unknown, origin?: string): AppConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw toConfigError(result.error, origin);
  return result.data;
}

/**
 * Parses and validates a JSON configuration text (a file's content, an SSM parameter's value).
 * A leading UTF-8 byte-order mark (Windows editors write one) is ignored; `origin` names the text in errors.
 */
export function parseConfigJson(text: string, origin: string): AppConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new InvalidConfigError('', `${origin} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(raw, origin);
}
