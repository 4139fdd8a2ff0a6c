import { escapeHtml } from './escape-html';

/** One cell: its text (escaped when rendered) and, for numbers, the exact value it sorts by. */
export interface Cell {
  text: string;
  sort?: number | bigint | string;
  /** Shown after the text as a marker, e.g. `estimate` where the number is not the bill. */
  note?: string;
}

/** A column: its header, and whether it holds numbers (right-aligned). */
export interface Column {
  header: string;
  numeric?: boolean;
}

/** A plain cell from text. */
export const cell = (text: string, sort?: number | bigint | string, note?: string): Cell => ({
  text,
  sort,
  note,
});

/** An `estimate` marker for amounts that are not (yet) the bill. */
export const ESTIMATE = 'estimate';

/**
 * A sortable table (the page's script sorts it by a click on a header, no network). Every text is
 * escaped here, so callers pass raw values. Shows `empty` when there are no rows.
 */
export function htmlTable(
  columns: readonly Column[],
  rows: readonly Cell[][],
  empty: string,
  caption?: string,
): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(empty)}</p>`;
  const head = columns
    .map(
      (c) =>
        `<th scope="col"${c.numeric ? ' class="num"' : ''}><button type="button">${escapeHtml(c.header)}</button></th>`,
    )
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) => {
            const sort = c.sort === undefined ? '' : ` data-v="${escapeHtml(String(c.sort))}"`;
            const note = c.note ? ` <span class="estimate">${escapeHtml(c.note)}</span>` : '';
            const cls = columns[i]?.numeric ? ' class="num"' : '';
            return `<td${cls}${sort}>${escapeHtml(c.text)}${note}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : '';
  return `<table class="sortable">${cap}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
