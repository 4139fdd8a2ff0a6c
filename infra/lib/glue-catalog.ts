import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type { Construct } from 'constructs';
import { curatedTables } from '../../shared/lake/tables';
import { createWorkGroup } from './athena-workgroup';
import { CuratedGlueTables } from './glue-tables';

/** Props of {@link createCatalog}. */
export interface CatalogProps {
  database: string;
  workgroup: string;
  /** The lake bucket (may be a token): tables under `curated/`, query results under `athena-results/`. */
  bucketName: string;
}

/** What analysts query: the Glue database, one table per curated table, and the Athena workgroup. */
export function createCatalog(
  scope: Construct,
  props: CatalogProps,
): { databaseName: string; workGroupName: string; tables: ReadonlyMap<string, glue.CfnTable> } {
  const database = new glue.CfnDatabase(scope, 'Database', {
    catalogId: Stack.of(scope).account,
    databaseInput: {
      name: props.database,
      description: 'GenAI FinOps curated lake (Parquet, partitioned by dt, partition projection).',
    },
  });
  const { tables } = new CuratedGlueTables(scope, 'Tables', {
    database,
    databaseName: props.database,
    bucketName: props.bucketName,
    tables: curatedTables,
  });
  createWorkGroup(scope, 'WorkGroup', { name: props.workgroup, resultsBucketName: props.bucketName });
  return { databaseName: props.database, workGroupName: props.workgroup, tables };
}
