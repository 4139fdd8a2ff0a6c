/**
 * Smaller models of the same family and generation, largest first: where a feature whose calls
 * are short and simple could move. Only models a team could switch to without changing provider.
 */
const LADDER: readonly (readonly string[])[] = [
  [
    'anthropic.claude-opus-4-5-20251101-v1:0',
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'anthropic.claude-haiku-4-5-20251001-v1:0',
  ],
  ['amazon.nova-premier-v1:0', 'amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0'],
  ['meta.llama3-3-70b-instruct-v1:0', 'meta.llama3-1-8b-instruct-v1:0'],
  ['meta.llama3-1-70b-instruct-v1:0', 'meta.llama3-1-8b-instruct-v1:0'],
];

/** The models below `model` on its ladder, next size down first; empty when none is known. */
export function smallerModels(model: string): string[] {
  for (const rung of LADDER) {
    const at = rung.indexOf(model);
    if (at >= 0) return rung.slice(at + 1);
  }
  return [];
}
