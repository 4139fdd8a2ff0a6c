import { readFile } from 'node:fs/promises';
import type { AppConfig } from '../../shared/config';
import { type CostIngestSummary, ingestCostFiles } from '../../shared/cost';
import type { Clock, ObjectStore, QueryEngine } from '../../shared/ports';
import type { PriceRow } from '../../shared/pricing/price-row';
import { amountText, type BillLine, bedrockBillLines } from './bill-lines';
import { readBillableUsage } from './bill-usage';
import { type CostResponseFiles, writeCostResponses } from './cost-responses';
import { gpuBillLines } from './gpu-bill';
import type { FleetMember } from './gpu-fleet';

/** What the demo's bill holds, by kind of spend (decimal text, USD), and how it was ingested. */
export interface DemoBills {
  saved: CostResponseFiles;
  summary: CostIngestSummary;
  bedrock: string;
  marketplace: string;
  ec2: string;
  sagemaker: string;
}

/** Inputs of `ingestDemoBills`. */
export interface DemoBillsInput {
  /** An engine over the lake whose `bedrock_invocations` the bill charges for. */
  engine: QueryEngine;
  store: ObjectStore;
  config: AppConfig;
  clock: Clock;
  book: readonly PriceRow[];
  /** Where the saved responses go. */
  dir: string;
  /** The GPU fleet and the hours it ran. */
  fleet: readonly FleetMember[];
  fleetStart: number;
  fleetHours: number;
  estimatedFrom: string;
}

const total = (lines: readonly BillLine[], keep: (l: BillLine) => boolean) =>
  amountText(lines.filter(keep).reduce((n, l) => n + l.unblended, 0n));

/**
 * Bills the demo org: Bedrock and Marketplace token charges for the usage in the lake, EC2 and
 * SageMaker hours of the GPU fleet; saves them as `aws ce get-cost-and-usage` output and ingests
 * those files exactly as `genai-finops ingest cost-explorer --from-file` does.
 */
export async function ingestDemoBills(input: DemoBillsInput): Promise<DemoBills> {
  const usage = await readBillableUsage(input.engine);
  const lines = [
    ...bedrockBillLines(usage, input.book),
    ...gpuBillLines(input.fleet, input.book, input.fleetStart, input.fleetHours),
  ];
  const saved = await writeCostResponses(input.dir, lines, { estimatedFrom: input.estimatedFrom });
  const files = await Promise.all(
    saved.files.map(async (name) => ({ name, text: await readFile(name, 'utf8') })),
  );
  const summary = await ingestCostFiles(
    { store: input.store, config: input.config, clock: input.clock, random: Math.random },
    files,
  );
  return {
    saved,
    summary,
    bedrock: total(lines, (l) => l.service === 'Amazon Bedrock'),
    marketplace: total(lines, (l) => l.service.endsWith('(Amazon Bedrock Edition)')),
    ec2: total(lines, (l) => l.service === 'Amazon Elastic Compute Cloud - Compute'),
    sagemaker: total(lines, (l) => l.service === 'Amazon SageMaker'),
  };
}
