/**
 * Named, typed parameters for shipped SQL. A template names each parameter as `{{name}}`; rendering
 * validates every value against its declared kind and writes it as a SQL literal (a quoted string
 * with `'` doubled, or a plain integer), so no unchecked input is ever concatenated into SQL.
 * The same text runs on Athena and DuckDB: Athena's parameterized queries would not run locally.
 */

/** A day `YYYY-MM-DD` (a real calendar date), rendered as a string literal: `dt` is a string column. */
export interface DateParam {
  kind: 'date';
}

/** A safe integer within `[min, max]`, rendered as a number literal. */
export interface IntegerParam {
  kind: 'integer';
  min: number;
  max: number;
  default?: number;
}

/** Any text without control characters, rendered as a quoted string literal. */
export interface StringParam {
  kind: 'string';
  default?: string;
}

/** The declaration of one parameter. */
export type ParamSpec = DateParam | IntegerParam | StringParam;

/** The parameters of a query, by name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ValueOf<S extends ParamSpec> = S extends IntegerParam ? number : string;

/** The values a query takes: parameters with a `default` may be left out. */
export type ParamValues<P extends ParamSpecs> = {
  [K in keyof P as P[K] extends { default: unknown } ? never : K]: ValueOf<P[K]>;
} & {
  [K in keyof P as P[K] extends { default: unknown } ? K : never]?: ValueOf<P[K]>;
};

/** A parameter value that does not fit its declaration, or a template that names an undeclared one. */
export class SqlParamError extends Error {
  override name = 'SqlParamError';
}

const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;

/** `value` as the SQL literal of `spec`; throws `SqlParamError` naming `name` when it does not fit. */
export function sqlLiteral(name: string, spec: ParamSpec, value: unknown): string {
  switch (spec.kind) {
    case 'date': {
      if (typeof value !== 'string' || !isCalendarDay(value)) {
        throw new SqlParamError(`parameter ${name} must be a date YYYY-MM-DD, got ${shown(value)}`);
      }
      return `'${value}'`;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
        throw new SqlParamError(
          `parameter ${name} must be an integer from ${spec.min} to ${spec.max}, got ${shown(value)}`,
        );
      }
      return String(value);
    }
    case 'string': {
      if (typeof value !== 'string' || CONTROL.test(value)) {
        throw new SqlParamError(
          `parameter ${name} must be text without control characters, got ${shown(value)}`,
        );
      }
      return `'${value.replace(/'/g, "''")}'`;
    }
  }
}

/**
 * `template` with each `{{name}}` replaced by the literal of its validated value (or its default).
 * Throws `SqlParamError` for a missing, unknown or invalid value, for a placeholder without a
 * declaration, and for a `from` later than `to`.
 */
export function renderSql<P extends ParamSpecs>(template: string, specs: P, values: ParamValues<P>): string {
  const given = values as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(given)) {
    if (!(key in specs)) throw new SqlParamError(`unknown parameter ${key}`);
  }
  const literals = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    const value = given[name] ?? ('default' in spec ? spec.default : undefined);
    if (value === undefined) throw new SqlParamError(`parameter ${name} is required`);
    literals.set(name, sqlLiteral(name, spec, value));
  }
  const from = given.from;
  const to = given.to;
  if (typeof from === 'string' && typeof to === 'string' && from > to) {
    throw new SqlParamError(`parameter from (${from}) is after to (${to})`);
  }
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const literal = literals.get(name);
    if (literal === undefined) throw new SqlParamError(`the SQL names {{${name}}}, which is not declared`);
    return literal;
  });
}

function isCalendarDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}
