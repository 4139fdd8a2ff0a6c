/**
 * `value` safe to place in HTML text or in a double-quoted attribute: the five characters that can
 * end a text run or an attribute are replaced by entities. Every caller-supplied value (team,
 * feature, environment, model, identity) goes through this before it reaches the page.
 */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
