// How long the events function's core takes per event, on a local folder store (the S3 store adds
// its request latency): `npx tsx bench/events.ts [events per kind]`. Prints p50/p95 per detail-type
// and the sizes of the state objects the approvals grow.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordApprovalEvent } from '../functions/events/approval-event';
import { recordApprovalRequestEvent } from '../functions/events/approval-request-event';
import type { ProductEvent } from '../functions/events/product-event';
import { recordReleaseEvent } from '../functions/events/release-event';
import { FolderStore } from '../shared/adapters/local/folder-store';
import { APPROVAL_REQUESTS_KEY } from '../shared/guardrails/approval-requests';
import { APPROVALS_KEY } from '../shared/guardrails/approvals';
import { fixedClock } from '../shared/ports';

const n = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'bench-events-'));
const store = new FolderStore(dir);
const at = new Date('2026-03-03T09:30:00Z');
const clock = fixedClock(at);
const notifier = { publish: async () => ({}) };
const event = <T extends ProductEvent['detail-type']>(type: T, i: number, detail: Record<string, unknown>) =>
  ({
    source: 'genai-finops',
    'detail-type': type,
    id: `${type}-${i}`,
    time: at.toISOString(),
    detail,
  }) as ProductEvent<T>;

async function timed(label: string, one: (i: number) => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await one(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => (ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(1);
  console.log(`${label.padEnd(16)} ${n} events: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms`);
}

const common = {
  team: 'search',
  model: 'anthropic.claude-sonnet-*',
  until: '2026-03-31',
  reason: 'eval run',
};
try {
  await timed('Release', (i) =>
    recordReleaseEvent(
      store,
      clock,
      event('Release', i, {
        team: 'search',
        version: `v1.${i}`,
        time: new Date(at.getTime() + i * 60_000).toISOString(),
      }),
    ),
  );
  await timed('ApprovalRequest', (i) =>
    recordApprovalRequestEvent(
      store,
      notifier,
      at,
      event('ApprovalRequest', i, { ...common, feature: `f${i}`, requestedBy: 'alice' }),
    ),
  );
  await timed('Approval', (i) =>
    recordApprovalEvent(store, at, event('Approval', i, { ...common, feature: `f${i}`, by: 'dana' })),
  );
  const kb = (key: string) => (statSync(join(dir, key)).size / 1024).toFixed(1);
  console.log(
    `state after ${n} of each: approvals.json ${kb(APPROVALS_KEY)} KB, approval-requests.json ${kb(APPROVAL_REQUESTS_KEY)} KB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
