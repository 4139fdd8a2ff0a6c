import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite spec rendered to an SVG string in Node (no browser, no canvas: `renderer: 'none'`
 * measures text by estimate). The SVG goes inline into the page, so it needs no network.
 */
export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const vega = compile(spec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
