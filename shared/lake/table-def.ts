/** The shape of the curated-data contract: tables, columns and their Glue/Athena types. */

/**
 * An exact decimal: `decimal(precision,scale)` as Glue spells it, e.g. `'decimal(18,6)'` for
 * money (1 ≤ precision ≤ 38, 0 ≤ scale ≤ precision; checked by `decimalSpec`). Values are
 * decimal text (`'12.345678'`), never floats.
 */
export type DecimalType = `decimal(${number},${number})`;

/** Glue/Athena column types the lake uses (Hive DDL spelling). */
export type GlueType = 'string' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'date' | DecimalType;

export interface ColumnDef {
  name: string;
  type: GlueType;
  /** False when every row has a value. */
  nullable: boolean;
  description: string;
}

export interface TableDef {
  name: string;
  description: string;
  /**
   * Hive partition column holding the UTC day (`<key>=YYYY-MM-DD` folders), a string in Glue and
   * Athena: `dt` for every table unless one needs another name (say, a column called `dt` already).
   */
  partitionKey: string;
  columns: readonly ColumnDef[];
}

/** A column definition, tersely. */
export const col = (name: string, type: GlueType, nullable: boolean, description: string): ColumnDef => ({
  name,
  type,
  nullable,
  description,
});
