/**
 * The Trino (Athena engine v3) → DuckDB dialect table: the one place where the two
 * engines' differences are bridged, so the product's SQL stays plain Trino.
 * DuckDB macros are expanded at bind time, so aggregate mappings work inside GROUP BY queries.
 */
import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';

/** A Trino function DuckDB lacks, defined as a DuckDB macro of the same name. */
export interface DialectMacro {
  /** The Trino function name the product's SQL calls. */
  name: string;
  params: readonly string[];
  /** The DuckDB expression the call expands to. */
  duckdb: string;
  /** Valid Trino SQL that uses the function: run on DuckDB and parsed as Trino by the tests. */
  example: string;
}

/** Every mapping, one entry per Trino function. */
export const dialectMacros: readonly DialectMacro[] = [
  // Both are sketch-based estimates: results on large inputs can differ slightly between engines.
  // An ARRAY of percentiles returns an array in both. Trino's weighted 3-argument form is not mapped.
  {
    name: 'approx_percentile',
    params: ['x', 'p'],
    duckdb: 'approx_quantile(x, p)',
    example: 'SELECT approx_percentile(CAST(x AS DOUBLE), 0.5) AS p50 FROM (VALUES (1), (2), (3)) AS t(x)',
  },
  // HyperLogLog in both engines: an estimate, exact for small sets.
  {
    name: 'approx_distinct',
    params: ['x'],
    duckdb: 'approx_count_distinct(x)',
    example: "SELECT approx_distinct(x) AS n FROM (VALUES ('a'), ('b'), ('a')) AS t(x)",
  },
  // Seconds since the epoch as DOUBLE in both.
  {
    name: 'to_unixtime',
    params: ['ts'],
    duckdb: 'epoch(ts)',
    example: "SELECT to_unixtime(CAST('2026-03-02 00:00:00' AS TIMESTAMP)) AS s",
  },
  // A plain CAST(s AS TIMESTAMP) silently drops a `+02:00` offset in DuckDB; going through
  // TIMESTAMPTZ honours it. Trino returns `timestamp with time zone`; this returns the same
  // instant as a UTC `timestamp`, which is what every lake column holds.
  {
    name: 'from_iso8601_timestamp',
    params: ['s'],
    duckdb: "timezone('UTC', CAST(s AS TIMESTAMPTZ))",
    example: "SELECT from_iso8601_timestamp('2026-03-02T14:07:31.5+02:00') AS ts",
  },
  // Epoch seconds → UTC timestamp (Trino: timestamp with time zone). The DOUBLE cast keeps an
  // INTEGER argument from overflowing when scaled to microseconds.
  {
    name: 'from_unixtime',
    params: ['s'],
    duckdb: 'make_timestamp(CAST(CAST(s AS DOUBLE) * 1000000 AS BIGINT))',
    example: 'SELECT from_unixtime(1772409600) AS ts',
  },
  // Arrays only: DuckDB's own cardinality() accepts only MAPs and this macro shadows it.
  // The curated tables have no MAP columns.
  {
    name: 'cardinality',
    params: ['a'],
    duckdb: 'len(a)',
    example: "SELECT cardinality(ARRAY['a', 'b']) AS n",
  },
];

/** The statement that defines `macro` in DuckDB. */
export function createMacroSql(macro: DialectMacro): string {
  return `CREATE OR REPLACE MACRO ${macro.name}(${macro.params.join(', ')}) AS ${macro.duckdb}`;
}

/** Session settings that make DuckDB behave like Athena: UTC for every timestamp with time zone. */
export const sessionSettings: readonly string[] = ["SET TimeZone = 'UTC'"];

/**
 * The Athena (Trino) spelling of a DuckDB column type, lower case: `varchar`, `bigint`,
 * `double`, `decimal(p,s)`, `timestamp`, … DuckDB's HUGEINT (what `sum(bigint)` returns)
 * and the unsigned integers become `bigint`; nested types take Athena's bare names
 * (`array`, `row`, `map`).
 */
export function athenaTypeName(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return 'varchar';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
      return 'tinyint';
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'smallint';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return 'integer';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return 'bigint';
    case DuckDBTypeId.FLOAT:
      return 'real';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.DECIMAL:
      return `decimal(${type.width},${type.scale})`;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp with time zone';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return 'array';
    case DuckDBTypeId.STRUCT:
      return 'row';
    case DuckDBTypeId.MAP:
      return 'map';
    case DuckDBTypeId.BLOB:
      return 'varbinary';
    case DuckDBTypeId.SQLNULL:
      return 'unknown';
    default:
      return type.toString().toLowerCase();
  }
}
