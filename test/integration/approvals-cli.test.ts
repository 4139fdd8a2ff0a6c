import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { listApprovalRequests, recordApprovalRequest } from '../../shared/guardrails/approval-requests';
import { approvalAudit, listApprovals } from '../../shared/guardrails/approvals';
import { main } from '../../src/cli/main';

/** Runs `genai-finops …` in this process: stdout, stderr and the exit status. */
async function cli(args: string[]): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  const status = await main(['node', 'genai-finops', ...args]);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { out, err, status };
}
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const REQUEST = {
  team: 'search',
  feature: 'rag',
  model: 'anthropic.claude-sonnet-*',
  // Far enough ahead that the real clock the command reads never passes it.
  until: '2099-12-31',
  requestedBy: 'alice',
  reason: 'long-context evaluation',
};

async function storeWithRequest() {
  const dir = mkdtempSync(join(tmpdir(), 'approvals-cli-'));
  const store = new FolderStore(dir);
  const request = await recordApprovalRequest(
    store,
    'req-0a1b2c3d',
    REQUEST,
    new Date('2026-11-30T09:00:00Z'),
  );
  return { dir, store, request };
}

describe('genai-finops approvals list and approve --request', () => {
  it('lists a pending request with the command that grants it, then grants it recording who', async () => {
    const { dir, store, request } = await storeWithRequest();
    const listed = await cli(['approvals', 'list', '--store', dir]);
    expect(listed.status).toBe(0);
    expect(listed.out).toContain('no live approvals');
    expect(listed.out).toMatch(
      new RegExp(
        `^${request.id} {2}pending {2}team=search feature=rag model=anthropic\\.claude-sonnet-\\* until=2099-12-31 requested by alice`,
        'm',
      ),
    );
    expect(listed.out).toContain('grant one with: genai-finops approve --request ID --by NAME');

    const granted = await cli(['approve', '--request', request.id, '--by', 'dana', '--store', dir]);
    expect(granted.status, granted.err).toBe(0);
    expect(granted.out).toContain(`approved request ${request.id}: apr-0a1b2c3d  live`);
    const [approval, ...more] = await listApprovals(store);
    expect(more).toEqual([]);
    expect(approval).toMatchObject({
      team: 'search',
      feature: 'rag',
      model: REQUEST.model,
      until: '2099-12-31',
      by: 'dana',
      requestId: request.id,
    });
    expect((await listApprovalRequests(store))[0]).toMatchObject({
      status: 'granted',
      grantedBy: 'dana',
      approvalId: approval?.id,
    });
    expect((await approvalAudit(store)).map((e) => [e.action, e.by])).toEqual([
      ['request', 'alice'],
      ['grant', 'dana'],
    ]);

    const after = await cli(['approvals', 'list', '--store', dir]);
    expect(after.out).toContain(`apr-0a1b2c3d  live     team=search feature=rag`);
    expect(after.out).not.toContain('pending');
  });

  it('takes a request on a local store as the ApprovalRequest event does: recorded pending and announced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'approvals-cli-'));
    const asked = await cli([
      ...['approvals', 'request', '--team', 'search', '--model', 'anthropic.claude-sonnet-*'],
      ...[
        '--until',
        '2099-12-31',
        '--environment',
        'dev',
        '--by',
        'alice',
        '--reason',
        'eval',
        '--store',
        dir,
      ],
    ]);
    expect(asked.status, asked.err).toBe(0);
    const [request] = await listApprovalRequests(new FolderStore(dir));
    expect(request).toMatchObject({ team: 'search', requestedBy: 'alice', status: 'pending' });
    expect(asked.out).toContain(
      `requested: ${request?.id} (grant with: genai-finops approve --request ${request?.id} --by NAME)`,
    );
    const sent = readFileSync(join(dir, '_state', 'alerts', 'sent.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(sent.map((l) => (JSON.parse(l) as { attributes: unknown }).attributes)).toEqual([
      { kind: 'approval-request', severity: 'low', team: 'search', environment: 'dev' },
    ]);
    expect((await cli(['approvals', 'list', '--store', dir])).out).toContain(`${request?.id}  pending`);
    const onS3 = await cli([
      ...['approvals', 'request', '--team', 'search', '--model', 'm', '--until', '2099-12-31'],
      ...['--by', 'alice', '--reason', 'eval', '--store', 's3://finops-lake/curated'],
    ]);
    expect(onS3.status).toBe(2);
    expect(onS3.err).toContain('put an ApprovalRequest event');
  });

  describe('refuses', () => {
    it('a request granted already, an unknown one, and --team beside --request, with exit status 2', async () => {
      const { dir, request } = await storeWithRequest();
      expect((await cli(['approve', '--request', request.id, '--by', 'dana', '--store', dir])).status).toBe(
        0,
      );
      const again = await cli(['approve', '--request', request.id, '--by', 'erin', '--store', dir]);
      expect(again.status).toBe(2);
      expect(again.err).toContain(
        `approval request '${request.id}' was granted already (apr-0a1b2c3d by dana)`,
      );
      const unknown = await cli(['approve', '--request', 'req-ffffffff', '--by', 'dana', '--store', dir]);
      expect(unknown.status).toBe(2);
      expect(unknown.err).toContain("no approval request 'req-ffffffff'");
      const both = await cli([
        'approve',
        '--request',
        request.id,
        '--team',
        'x',
        '--by',
        'dana',
        '--store',
        dir,
      ]);
      expect(both.status).toBe(2);
      expect(both.err).toContain('drop --team');
    });

    it('an approval without --request that lacks its fields, naming them', async () => {
      const { dir } = await storeWithRequest();
      const missing = await cli(['approve', '--team', 'search', '--by', 'dana', '--store', dir]);
      expect(missing.status).toBe(2);
      expect(missing.err).toContain('--model, --until, --reason required');
    });
  });
});
