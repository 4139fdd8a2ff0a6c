import { barsSpec, gpuScatterSpec } from './chart-specs';
import { figure, para, section } from './figure';
import type { GpuSummary } from './gpu-summary';
import { cell, ESTIMATE, htmlTable } from './html-table';
import { dollars, percent } from './money';

const toDollars = (cents: bigint): number => Number(cents) / 100;

/** GPU efficiency: idle cost by team, cost against utilization, and the flagged resource-days. */
export async function gpuSection(gpu: GpuSummary): Promise<string> {
  const idle = await figure(
    barsSpec(
      gpu.byTeam.map((t) => ({ label: t.team, value: toDollars(t.idleCents) })),
      'Idle GPU cost by team',
      'team',
    ),
    gpu.byTeam.length > 0,
    'Idle cost = cost × (1 − average GPU utilization), per team (the gpu-efficiency query).',
    'No GPU resources reported in this period.',
  );
  const scatter = await figure(
    gpuScatterSpec(
      gpu.points.map((p) => ({ util: p.utilAvg, cost: p.cost, team: p.team })),
      'GPU cost against utilization (one point per resource and day)',
    ),
    gpu.points.length > 0,
    'Points low and to the right are well used; high and to the left are paid-for idle capacity.',
    'No priced GPU resources in this period.',
  );
  const teams = htmlTable(
    [
      { header: 'team' },
      { header: 'GPU cost', numeric: true },
      { header: 'idle cost', numeric: true },
      { header: 'unpriced resource-days', numeric: true },
    ],
    gpu.byTeam.map((t) => [
      cell(t.team),
      cell(dollars(t.costCents), t.costCents, t.estimated ? ESTIMATE : undefined),
      cell(dollars(t.idleCents), t.idleCents, t.estimated ? ESTIMATE : undefined),
      cell(String(t.unpriced), t.unpriced),
    ]),
    'No GPU resources reported in this period.',
  );
  const flags = htmlTable(
    [
      { header: 'day' },
      { header: 'resource' },
      { header: 'instance type' },
      { header: 'team' },
      { header: 'environment' },
      { header: 'priority' },
      { header: 'finding' },
      { header: 'cost', numeric: true },
      { header: 'avg utilization', numeric: true },
    ],
    gpu.flags.map((f) => [
      cell(f.day),
      cell(f.resourceId),
      cell(f.instanceType),
      cell(f.team),
      cell(f.environment),
      cell(f.priority),
      cell(f.reason),
      cell(
        f.costCents === null ? '—' : dollars(f.costCents),
        f.costCents ?? '',
        f.estimated ? ESTIMATE : undefined,
      ),
      cell(percent(f.utilAvg), f.utilAvg ?? ''),
    ]),
    'None in this period: no non-production work on costly instances and no batch work in peak hours.',
  );
  const notes = [
    para(
      `GPU cost ${dollars(gpu.costCents)}, of which idle ${dollars(gpu.idleCents)}.${gpu.estimated ? ' Hours without a billed rate are priced from the price book (ESTIMATE).' : ''}${gpu.unpriced > 0 ? ` ${gpu.unpriced} resource-days have no price (cost unknown).` : ''}`,
    ),
  ];
  return section(
    'gpu',
    'GPU efficiency',
    [
      ...notes,
      idle,
      scatter,
      teams,
      '<h3>Non-production on costly instances, batch work in peak hours</h3>',
      flags,
    ].join('\n'),
  );
}
