import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { listApprovalRequests } from '../../shared/guardrails/approval-requests';
import { covers, listApprovals } from '../../shared/guardrails/approvals';
import type { OutboundMessage } from '../../shared/ports/notifier';
import { demoApprovalRequest } from '../../src/cli/demo-approval-request';

describe('demoApprovalRequest', () => {
  it('records the request from its event, announces it once, and grants it so the notebooks calls are covered', async () => {
    const store = new FolderStore(mkdtempSync(join(tmpdir(), 'demo-approval-')));
    const sent: OutboundMessage[] = [];
    const at = new Date('2026-12-01T13:20:00Z');
    const line = await demoApprovalRequest(
      store,
      {
        publish: async (m) => {
          sent.push(m);
          return {};
        },
      },
      at,
    );
    const [request] = await listApprovalRequests(store);
    const [approval] = await listApprovals(store);
    expect(request).toMatchObject({
      team: 'research',
      feature: 'notebooks',
      status: 'granted',
      grantedBy: 'maria.gomez',
    });
    expect(sent.map((m) => m.attributes)).toEqual([
      { kind: 'approval-request', severity: 'low', team: 'research', environment: 'dev' },
    ]);
    expect(line).toContain(`approve --request ${request?.id}`);
    const call = {
      team: 'research',
      feature: 'notebooks',
      model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    };
    // Granted three days before the run: the calls of those days and of the run's day are covered.
    expect(approval && covers(approval, { ...call, day: '2026-11-28' })).toBe(true);
    expect(approval && covers(approval, { ...call, day: '2026-12-01' })).toBe(true);
    expect(approval && covers(approval, { ...call, day: '2026-11-27' })).toBe(false);
  });
});
