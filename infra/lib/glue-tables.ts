import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { PROJECTION_RANGE } from '../../shared/lake/accepted-dates';
import type { TableDef } from '../../shared/lake/tables';
import { CURATED_PREFIX } from './buckets';

/** The Parquet input/output formats and SerDe Athena expects of a Glue table. */
const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    parameters: { 'serialization.format': '1' },
  },
} as const;

/**
 * The Glue `TableInput` of one curated table: columns in contract order, `dt` as a string
 * partition key resolved by date partition projection (no crawler, no MSCK REPAIR).
 * `bucketName` may be a CDK token; the result only concatenates it, so CloudFormation gets
 * an `Fn::Join` and the `${dt}` placeholder stays literal (no `Fn::Sub` would misread it).
 */
export function glueTableInput(table: TableDef, bucketName: string): glue.CfnTable.TableInputProperty {
  const location = `s3://${bucketName}/${CURATED_PREFIX}/${table.name}/`;
  const key = table.partitionKey;
  return {
    name: table.name,
    description: table.description,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      classification: 'parquet',
      'parquet.compression': 'SNAPPY',
      'projection.enabled': 'true',
      [`projection.${key}.type`]: 'date',
      [`projection.${key}.format`]: 'yyyy-MM-dd',
      // Exactly the days ingest accepts: no partition is written that Athena cannot see.
      [`projection.${key}.range`]: PROJECTION_RANGE,
      [`projection.${key}.interval`]: '1',
      [`projection.${key}.interval.unit`]: 'DAYS',
      'storage.location.template': `${location}${key}=\${${key}}/`,
    },
    partitionKeys: [{ name: key, type: 'string', comment: 'UTC day of the rows, YYYY-MM-DD.' }],
    storageDescriptor: {
      location,
      ...PARQUET,
      columns: table.columns.map((c) => ({ name: c.name, type: c.type, comment: c.description })),
    },
  };
}

/** Props of {@link CuratedGlueTables}. */
export interface CuratedGlueTablesProps {
  /** The Glue database the tables belong to (created by the caller). */
  database: glue.CfnDatabase;
  /** Its name (the database's `DatabaseInput.Name`). */
  databaseName: string;
  /** Name of the bucket holding `curated/<table>/` (may be a token). */
  bucketName: string;
  /** The table contract, usually `curatedTables`. */
  tables: readonly TableDef[];
}

/** One `AWS::Glue::Table` per curated table, generated from the table contract. */
export class CuratedGlueTables extends Construct {
  /** The Glue tables by table name. */
  readonly tables: ReadonlyMap<string, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: CuratedGlueTablesProps) {
    super(scope, id);
    const tables = new Map<string, glue.CfnTable>();
    for (const table of props.tables) {
      const cfn = new glue.CfnTable(this, table.name, {
        catalogId: Stack.of(this).account,
        databaseName: props.databaseName,
        tableInput: glueTableInput(table, props.bucketName),
      });
      // The database name is a plain string, not a reference: order the creation explicitly.
      cfn.addResourceDependency(props.database);
      tables.set(table.name, cfn);
    }
    this.tables = tables;
  }
}
