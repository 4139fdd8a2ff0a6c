/**
 * Writes one synthetic `bedrock_invocations` day of the FinOps bench (a child process, so two days
 * encode at once on two cores): `tsx bench/finops-day.ts <day> <rows> <seed> <lakeDir> <usageFile>`.
 */
import { writeFile } from 'node:fs/promises';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { replacePartition } from '../shared/lake/partition-writer';
import { bedrockInvocations } from '../shared/lake/tables';
import { syntheticDay } from './finops-rows';

const [day, rows, seed, lakeDir, usageFile] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const d = syntheticDay(day, Number(rows), Number(seed));
await replacePartition(new FolderStore(lakeDir), bedrockInvocations, day, d.columns, d.rows);
await writeFile(
  usageFile,
  JSON.stringify(d.usage, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
);
