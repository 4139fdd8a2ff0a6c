import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './escape-html';
import { renderChart } from './render-chart';

/** A chart as an inline SVG figure with a caption, or `empty` as a note when there is nothing to draw. */
export async function figure(
  spec: TopLevelSpec,
  hasData: boolean,
  caption: string,
  empty: string,
): Promise<string> {
  if (!hasData) return `<p class="none">${escapeHtml(empty)}</p>`;
  const svg = await renderChart(spec);
  return `<figure class="chart">${svg}<figcaption class="note">${escapeHtml(caption)}</figcaption></figure>`;
}

/** A section with an id (for the contents list and the browser test). */
export const section = (id: string, title: string, body: string): string =>
  `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;

/** A paragraph of escaped text. */
export const para = (text: string, cls = 'note'): string => `<p class="${cls}">${escapeHtml(text)}</p>`;
