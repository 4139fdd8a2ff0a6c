import { dayOf, HOUR_MS } from '../../shared/lake/utc';
import { toScaled } from '../../shared/pricing/decimal-text';
import type { PriceRow } from '../../shared/pricing/price-row';
import { add, type BillLine } from './bill-lines';
import { SyntheticOrgError } from './errors';
import type { FleetMember } from './gpu-fleet';

/**
 * On-demand rates ($/h, us-east-1 Linux) of fleet instance types the shipped book lacks, from the
 * same instances.vantage.sh data as the book's [E] rows.
 */
const UNLISTED_RATES: Readonly<Record<string, string>> = { 'g5.2xlarge': '1.212' };

/**
 * The hourly rate the demo bills `instanceType` at: the price book's on-demand rate; a SageMaker
 * `ml.` type at the rate of the same EC2 instance (the shipped book has no SageMaker rates, and
 * real hosting lists somewhat higher).
 */
export function instanceRate(book: readonly PriceRow[], instanceType: string): string {
  const ec2Type = instanceType.replace(/^ml\./, '');
  const rate =
    book.find((r) => r.itemKind === 'instance' && r.item === ec2Type && r.charge === 'instance_hour')
      ?.price ?? UNLISTED_RATES[ec2Type];
  if (rate === undefined) throw new SyntheticOrgError(`no demo rate for ${instanceType}`);
  return rate;
}

/**
 * EC2 and SageMaker bill lines of the GPU fleet for `hours` hours from `start`: every member runs
 * (and bills) every hour, whether or not its metrics reported. EC2 instances in us-east-1 bill as
 * `BoxUsage:<type>` (no Region prefix), endpoints as `USE1-Host:ml.<type>`; the `team` tag is the
 * member's own.
 */
export function gpuBillLines(
  fleet: readonly FleetMember[],
  book: readonly PriceRow[],
  start: number,
  hours: number,
): BillLine[] {
  const lines = new Map<string, BillLine>();
  const hoursByDay = new Map<string, number>();
  for (let h = 0; h < hours; h++) {
    const day = dayOf(start + h * HOUR_MS);
    hoursByDay.set(day, (hoursByDay.get(day) ?? 0) + 1);
  }
  for (const member of fleet) {
    const rate = toScaled(instanceRate(book, member.instanceType));
    for (const [day, n] of hoursByDay) {
      add(lines, {
        day,
        service: member.kind === 'ec2' ? 'Amazon Elastic Compute Cloud - Compute' : 'Amazon SageMaker',
        usageType:
          member.kind === 'ec2' ? `BoxUsage:${member.instanceType}` : `USE1-Host:${member.instanceType}`,
        team: member.tags.team ?? '',
        unblended: rate * BigInt(n),
        quantity: toScaled(String(n)),
        unit: 'Hrs',
      });
    }
  }
  return [...lines.values()];
}
