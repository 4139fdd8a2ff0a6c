/**
 * CloudWatch dynamic labels: a saved GetMetricData response names a series only by its `Id` and
 * `Label`, so requests built here ask for labels that spell out the metric and its dimensions
 * (`${PROP('Dim.InstanceId')}` …). The label format is a public contract with saved files.
 */

const prop = (name: string): string => `\${PROP('${name}')}`;

/** The label requested for `stat` of a SEARCH over metrics with `dimensions`: `ns|metric|stat|k=v|…`. */
export function labelTemplate(stat: string, dimensions: readonly string[]): string {
  return [
    prop('Namespace'),
    prop('MetricName'),
    stat,
    ...dimensions.map((d) => `${d}=${prop(`Dim.${d}`)}`),
  ].join('|');
}

/** What a resolved label says; empty or unresolved dimension values are left out. */
export interface LabelFacts {
  namespace?: string;
  metricName?: string;
  stat?: string;
  dimensions: Record<string, string>;
}

/** A value CloudWatch could not resolve (the dimension is absent) comes back empty or as the placeholder. */
const resolved = (v: string | undefined): v is string => v !== undefined && v !== '' && !v.startsWith('${');

/** Reads a label in the `labelTemplate` form; undefined when it is not one. */
export function parseDefaultLabel(label: string): LabelFacts | undefined {
  const [namespace, metricName, stat, ...pairs] = label.split('|');
  if (!namespace || !metricName || !stat || pairs.length === 0) return undefined;
  const dimensions: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const value = pair.slice(eq + 1);
    if (resolved(value)) dimensions[pair.slice(0, eq)] = value;
  }
  return { namespace, metricName, stat, dimensions };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a label against the template it was requested with (any mix of text and `${PROP(…)}`):
 * `Dim.<name>`, `Namespace` and `MetricName` are captured, other placeholders match anything.
 */
export function parseLabel(template: string, label: string): LabelFacts | undefined {
  const names: (string | undefined)[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    pattern += escapeRegExp(template.slice(last, m.index));
    const inner = /^PROP\(\s*['"]([^'"]+)['"]\s*\)$/.exec((m[1] ?? '').trim());
    names.push(inner?.[1]);
    pattern += '(.*?)';
    last = (m.index ?? 0) + m[0].length;
  }
  pattern += `${escapeRegExp(template.slice(last))}$`;
  const match = new RegExp(pattern, 's').exec(label);
  if (!match) return undefined;
  const facts: LabelFacts = { dimensions: {} };
  names.forEach((name, i) => {
    const value = match[i + 1];
    if (!name || !resolved(value)) return;
    if (name === 'Namespace') facts.namespace = value;
    else if (name === 'MetricName') facts.metricName = value;
    else if (name.startsWith('Dim.')) facts.dimensions[name.slice(4)] = value;
  });
  return facts;
}

/** What a bare `SEARCH('…', 'Stat', period)` expression names; undefined for any other expression. */
export function parseSearchExpression(
  expression: string,
): { namespace?: string; metricName?: string; stat: string } | undefined {
  const m = /^\s*SEARCH\s*\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'([^']+)'\s*,\s*\d+\s*\)\s*$/i.exec(expression);
  if (!m) return undefined;
  const search = (m[1] ?? '').replace(/\\(.)/g, '$1');
  const namespace =
    /Namespace\s*=\s*"([^"]+)"/.exec(search)?.[1] ?? /\{\s*"?([^,"}]+?)"?\s*[,}]/.exec(search)?.[1];
  const metricName = /MetricName\s*=\s*"([^"]+)"/.exec(search)?.[1];
  return { namespace, metricName, stat: m[2] as string };
}
