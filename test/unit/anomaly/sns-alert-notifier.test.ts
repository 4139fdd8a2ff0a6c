import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  SNS_MAX_BYTES,
  SnsAlertNotifier as SnsNotifier,
} from '../../../shared/adapters/aws/sns-alert-notifier';
import { fixedClock } from '../../../shared/ports';
import type { OutboundMessage } from '../../../shared/ports/notifier';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:genai-finops-alerts';
const CHAT = 'arn:aws:sns:us-east-1:111122223333:genai-finops-chat';
const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  subject: '[high] usage: support / ticket-summary: estimated cost up 4.1x',
  text: 'Unusual value\nWhat: usage\n',
  json: { incidentId: 'inc-0123456789' },
  attributes: { team: 'support', environment: 'prod', severity: 'high', kind: 'usage' },
  detailKey: '_state/alerts/inc-0123456789/1-open.json',
  ...over,
});

beforeEach(() => sns.reset());

describe('SnsNotifier', () => {
  it('publishes the text with the subject and String attributes, returning the message id', async () => {
    // The shape PublishCommand returns (MessageId plus $metadata), as the SDK gives it.
    sns
      .on(PublishCommand)
      .resolves({ MessageId: '5b8d0a4e-1c2f-5b6e-9a0d-1f2e3d4c5b6a', $metadata: { httpStatusCode: 200 } });
    const out = await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
      topicArn: TOPIC,
      clock: fixedClock('2026-03-02T10:00:00Z'),
    }).publish(message());
    expect(out.messageId).toBe('5b8d0a4e-1c2f-5b6e-9a0d-1f2e3d4c5b6a');
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.MessageStructure).toBeUndefined();
    expect(input?.MessageAttributes).toEqual({
      team: { DataType: 'String', StringValue: 'support' },
      environment: { DataType: 'String', StringValue: 'prod' },
      severity: { DataType: 'String', StringValue: 'high' },
      kind: { DataType: 'String', StringValue: 'usage' },
    });
  });

  it('retries a throttled publish', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    sns.on(PublishCommand).rejectsOnce(throttled).resolves({ MessageId: 'm-2' });
    const out = await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
      topicArn: TOPIC,
      clock: fixedClock('2026-03-02T10:00:00Z'),
    }).publish(message());
    expect(out.messageId).toBe('m-2');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('fails on an error that is not throttling', async () => {
    sns.on(PublishCommand).rejects(
      Object.assign(new Error('Topic does not exist'), {
        name: 'NotFoundException',
        $metadata: { httpStatusCode: 404 },
      }),
    );
    await expect(
      new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
        topicArn: TOPIC,
        clock: fixedClock('2026-03-02T10:00:00Z'),
      }).publish(message()),
    ).rejects.toThrow('Topic does not exist');
  });

  it('keeps subject under 100 characters and the whole message under 256 KB', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
      topicArn: TOPIC,
      clock: fixedClock('2026-03-02T10:00:00Z'),
    }).publish(message({ subject: `a\nb${'s'.repeat(300)}`, text: 'é'.repeat(300_000) }));
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.Subject?.length).toBeLessThan(100);
    expect(input?.Subject).not.toContain('\n');
    const attrs = JSON.stringify(input?.MessageAttributes ?? {});
    expect(Buffer.byteLength(input?.Message ?? '') + Buffer.byteLength(attrs)).toBeLessThan(SNS_MAX_BYTES);
    expect(input?.Message).toContain('_state/alerts/inc-0123456789/1-open.json');
  });

  it('sends the chat topic an Amazon Q Developer custom notification', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
      topicArn: TOPIC,
      chatTopicArn: CHAT,
      clock: fixedClock('2026-03-02T10:00:00Z'),
    }).publish(message());
    const chat = sns.commandCalls(PublishCommand)[1]?.args[0].input;
    expect(chat?.TopicArn).toBe(CHAT);
    const body = JSON.parse(chat?.Message ?? '{}');
    expect(body).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
    });
    expect(body.content.description).toContain('What: usage');
  });
});
