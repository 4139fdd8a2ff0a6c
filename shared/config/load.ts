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
function toConfigError(error: z.ZodError): InvalidConfigError {
  const issue = error.issues[0];
  if (!issue) return new InvalidConfigError('', 'invalid', { cause: error });
  let path = issue.path;
  // An unknown key is reported on its parent; name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0] as string];
  return new InvalidConfigError(keyOf(path), issue.message, { cause: error });
}

/** Validates a raw configuration object; throws `InvalidConfigError` naming the first bad key. */
export function parseConfig(raw: unknown): AppConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw toConfigError(result.error);
  return result.data;
}

/** Parses a JSON configuration text (a file's content or an environment variable). */
export function parseConfigJson(text: string, origin: string): AppConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new InvalidConfigError('', `${origin} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(raw);
}
