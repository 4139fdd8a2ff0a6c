import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventsHandler } from '../../functions/events/create-handler';
import { SnsAlertNotifier } from '../../shared/adapters/aws/sns-alert-notifier';
import { openStore } from '../../shared/adapters/open-store';
import { parseConfig } from '../../shared/config';
import { listApprovalRequests } from '../../shared/guardrails/approval-requests';
import { approvalAudit, covers, listApprovals } from '../../shared/guardrails/approvals';
import { decodeParquet } from '../../shared/lake/parquet';
import { fixedClock } from '../../shared/ports';
import { type S3TestServer, startS3Server } from '../support/s3-server';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:genai-finops-alerts';
const AT = '2026-03-03T09:31:00Z';

let server: S3TestServer;
let s3: S3Client;
let bucket = 0;
beforeAll(async () => {
  server = await startS3Server(Array.from({ length: 30 }, (_, i) => `lake-${i}`));
  s3 = server.client();
});
afterAll(() => server.stop());

/** A fresh bucket per test: the handler writes through the real S3 client to the local server. */
function handlerFor() {
  const store = `s3://lake-${bucket++}/curated`;
  const telemetry = new Metrics({ namespace: 'Test', serviceName: 'test' });
  vi.spyOn(telemetry, 'publishStoredMetrics').mockImplementation(() => telemetry);
  const logger = new Logger({ logLevel: 'SILENT' });
  const logged = vi.spyOn(logger, 'info');
  const clock = fixedClock(AT);
  const handler = createEventsHandler({
    config: parseConfig({ ingest: { store } }),
    s3,
    notifier: new SnsAlertNotifier(
      new SNSClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' },
      }),
      { topicArn: TOPIC, clock },
    ),
    clock,
    logger,
    telemetry,
  });
  return { handler, objects: openStore(store, { s3Client: s3 }), logged };
}

/** An EventBridge event as Lambda receives it from the rule. */
const event = (detailType: string, detail: Record<string, unknown>, id = `ev-${detailType}`) => ({
  version: '0',
  id,
  source: 'genai-finops',
  'detail-type': detailType,
  account: '111122223333',
  time: '2026-03-03T09:30:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

const request = {
  team: 'search',
  feature: 'rag',
  model: 'anthropic.claude-sonnet-*',
  until: '2026-03-31',
  environment: 'dev',
  requestedBy: 'alice',
  reason: 'long-context evaluation',
};

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'b7a1c2d3-0000-4000-8000-000000000001' });
});

describe('the events handler', () => {
  describe('given a Release event', () => {
    it('adds the release row to the releases table, once however often the event is delivered', async () => {
      const { handler, objects } = handlerFor();
      const release = event('Release', {
        team: 'search',
        feature: 'rag',
        version: 'v2.4.0',
        note: 'longer system prompt',
      });
      expect(await handler(release)).toEqual({
        release: { at: '2026-03-03T09:30:00.000Z', team: 'search', feature: 'rag', version: 'v2.4.0' },
      });
      await handler(release);
      const rows = [];
      for await (const o of objects.list('releases/dt=2026-03-03/'))
        rows.push(...(await decodeParquet(await objects.getBytes(o.key))));
      expect(rows).toEqual([
        {
          release_time: Date.parse('2026-03-03T09:30:00Z'),
          team: 'search',
          feature: 'rag',
          version: 'v2.4.0',
          note: 'longer system prompt',
        },
      ]);
      expect(sns.commandCalls(PublishCommand)).toEqual([]);
    });

    it('uses detail.time when given, and fails naming a missing field', async () => {
      const { handler } = handlerFor();
      const summary = await handler(
        event('Release', { team: 'search', version: 'abc123', time: '2026-03-02T23:00:00Z' }),
      );
      expect(summary).toMatchObject({ release: { at: '2026-03-02T23:00:00.000Z' } });
      await expect(handler(event('Release', { version: 'v1' }))).rejects.toThrow(
        'release event: detail.team is required',
      );
    });
  });

  describe('given an ApprovalRequest event', () => {
    it('records a pending request in the audit trail and alerts the team once, with filterable attributes', async () => {
      const { handler, objects, logged } = handlerFor();
      const first = await handler(event('ApprovalRequest', request));
      const again = await handler(event('ApprovalRequest', request));
      expect(first).toMatchObject({ notified: true, request: { team: 'search', status: 'pending' } });
      expect(again).toMatchObject({ notified: false });

      const [stored, ...more] = await listApprovalRequests(objects);
      expect(more).toEqual([]);
      expect(stored).toMatchObject({ ...request, status: 'pending', requestedAt: AT.replace('Z', '.000Z') });
      expect(stored?.id).toMatch(/^req-[0-9a-f]{8}$/);
      expect(stored?.notifiedAt).toBeDefined();
      const audit = await approvalAudit(objects);
      expect(audit.map((e) => [e.action, e.approvalId, e.by, e.reason])).toEqual([
        ['request', stored?.id, 'alice', 'long-context evaluation'],
      ]);

      const publishes = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
      expect(publishes).toHaveLength(1);
      const sent = publishes[0];
      expect(sent?.TopicArn).toBe(TOPIC);
      expect(sent?.MessageAttributes).toEqual({
        kind: { DataType: 'String', StringValue: 'approval-request' },
        severity: { DataType: 'String', StringValue: 'low' },
        team: { DataType: 'String', StringValue: 'search' },
        environment: { DataType: 'String', StringValue: 'dev' },
      });
      expect(sent?.Message).toContain(`genai-finops approve --request ${stored?.id} --by NAME`);
      expect(sent?.Message).toContain('alice asks to use anthropic.claude-sonnet-*');
      // One summary line per event: the redelivery announced nothing.
      expect(logged).toHaveBeenLastCalledWith('event ApprovalRequest finished', {
        summary: expect.objectContaining({
          counts: { ApprovalRequestsRecorded: 1, ApprovalRequestsAnnounced: 0 },
        }),
      });
    });

    it('keeps the subject under 100 characters for a long model pattern', async () => {
      const { handler } = handlerFor();
      await handler(event('ApprovalRequest', { ...request, model: `arn:aws:bedrock:${'x'.repeat(200)}` }));
      const subject = sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject ?? '';
      expect(subject.startsWith('genai-finops approval request: arn:aws:bedrock:xxx')).toBe(true);
      expect(Array.from(subject).length).toBeLessThan(100);
    });

    describe('that is invalid', () => {
      it.each([
        [{ ...request, team: undefined }, 'approval request event: detail.team is required'],
        [{ ...request, model: 42 }, 'approval request event: detail.model must be a non-empty string'],
        [{ ...request, until: '31/03/2026' }, "detail.until must be a day YYYY-MM-DD, got '31/03/2026'"],
        [{ ...request, until: '2026-02-30' }, "detail.until must be a day YYYY-MM-DD, got '2026-02-30'"],
        [{ ...request, until: '2026-03-02' }, 'detail.until 2026-03-02 is already past'],
        [{ ...request, requestedBy: ' ' }, 'detail.requestedBy must be a non-empty string'],
        [{ ...request, reason: 'r'.repeat(2001) }, 'detail.reason is longer than 2000 characters'],
      ])('fails naming the field, records nothing and alerts no one (%#)', async (detail, message) => {
        const { handler, objects } = handlerFor();
        await expect(handler(event('ApprovalRequest', detail))).rejects.toThrow(message);
        expect(await listApprovalRequests(objects)).toEqual([]);
        expect(sns.commandCalls(PublishCommand)).toEqual([]);
      });
    });
  });

  describe('given an Approval event', () => {
    const approval = {
      team: 'search',
      feature: 'rag',
      model: 'anthropic.claude-sonnet-*',
      until: '2026-03-31',
      by: 'dana',
      reason: 'eval run',
    };

    it('records the approval as `genai-finops approve` does, once per event, and it covers the calls', async () => {
      const { handler, objects } = handlerFor();
      const done = await handler(event('Approval', approval));
      await handler(event('Approval', approval));
      const [recorded, ...more] = await listApprovals(objects);
      expect(more).toEqual([]);
      expect(recorded).toMatchObject({ ...approval, grantedAt: '2026-03-03T09:31:00.000Z' });
      expect(done).toEqual({
        approval: {
          id: recorded?.id,
          team: 'search',
          model: approval.model,
          until: '2026-03-31',
          by: 'dana',
        },
      });
      const call = { team: 'search', feature: 'rag', model: 'anthropic.claude-sonnet-4', day: '2026-03-10' };
      expect(recorded && covers(recorded, call)).toBe(true);
      expect((await approvalAudit(objects)).map((e) => [e.action, e.by])).toEqual([['grant', 'dana']]);
    });

    it('grants the request it names: the request is marked granted by that approval', async () => {
      const { handler, objects } = handlerFor();
      await handler(event('ApprovalRequest', request, 'ev-request'));
      const [pending] = await listApprovalRequests(objects);
      const done = await handler(event('Approval', { ...approval, requestId: pending?.id }, 'ev-approval'));
      expect(done).toMatchObject({ grantedRequest: pending?.id });
      const [granted] = await listApprovalRequests(objects);
      expect(granted).toMatchObject({
        status: 'granted',
        grantedBy: 'dana',
        approvalId: `apr-${pending?.id.slice(4)}`,
      });
      expect((await approvalAudit(objects)).map((e) => e.action)).toEqual(['request', 'grant']);
    });

    it('refuses an approval naming a request for another model, and grants nothing', async () => {
      const { handler, objects } = handlerFor();
      await handler(event('ApprovalRequest', request, 'ev-request'));
      const [pending] = await listApprovalRequests(objects);
      await expect(
        handler(
          event(
            'Approval',
            { ...approval, model: 'anthropic.claude-opus-*', requestId: pending?.id },
            'ev-x',
          ),
        ),
      ).rejects.toThrow(
        `detail.model 'anthropic.claude-opus-*' is not what request ${pending?.id} asked for`,
      );
      expect(await listApprovals(objects)).toEqual([]);
      expect((await listApprovalRequests(objects))[0]?.status).toBe('pending');
    });

    it('fails naming a missing field and records nothing', async () => {
      const { handler, objects } = handlerFor();
      await expect(handler(event('Approval', { ...approval, by: undefined }))).rejects.toThrow(
        'approval event: detail.by is required',
      );
      expect(await listApprovals(objects)).toEqual([]);
    });
  });

  it('rejects an event of another source or detail-type, naming it', async () => {
    const { handler } = handlerFor();
    await expect(handler({ ...event('Release', {}), source: 'aws.s3' })).rejects.toThrow(
      "source must be 'genai-finops'",
    );
    await expect(handler(event('Budget', {}))).rejects.toThrow("unknown detail-type 'Budget'");
  });
});
