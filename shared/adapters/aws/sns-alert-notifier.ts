import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { clip, clipBytes, oneLine } from '../../anomaly/safe-text';
import type { Clock } from '../../ports';
import type { Delivery, Notifier, OutboundMessage } from '../../ports/notifier';
import { retryThrottled } from './retry-throttled';

/** SNS's message limit: 262,144 bytes, message attributes included. */
export const SNS_MAX_BYTES = 262_144;
/** SNS subjects must be under 100 characters. */
export const SNS_MAX_SUBJECT = 99;

export interface SnsAlertNotifierOptions {
  topicArn: string;
  /**
   * A topic Amazon Q Developer in chat applications subscribes to (Slack): it receives the custom
   * notification JSON. Free text published there would be dropped without error.
   */
  chatTopicArn?: string;
  clock: Clock;
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}$/;

/**
 * Publishes alerts to SNS: the plain text as `Message` (e-mail subscribers read it as is), the
 * subject cleaned and cut under 100 characters, String message attributes for filter policies.
 * MessageStructure `json` is not used: SNS would then drop the attributes. The JSON form goes to
 * the chat topic (custom notification) and is stored in full at the message's detail key. The
 * request is kept under 256 KB by cutting the text, which then ends with that key. Throttling is
 * retried with backoff.
 */
export class SnsAlertNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly options: SnsAlertNotifierOptions,
  ) {}

  async publish(message: OutboundMessage): Promise<Delivery> {
    const attributes = snsAttributes(message.attributes);
    const subject = clip(oneLine(message.subject), SNS_MAX_SUBJECT) || 'genai-finops alert';
    const text = fitText(message, subject, attributes);
    const send = (input: ConstructorParameters<typeof PublishCommand>[0]) =>
      retryThrottled(() => this.sns.send(new PublishCommand(input)), this.options.clock);
    const out = await send({
      TopicArn: this.options.topicArn,
      Subject: subject,
      Message: text,
      MessageAttributes: attributes,
    });
    if (this.options.chatTopicArn) {
      const room = SNS_MAX_BYTES - attributeBytes(attributes) - 1024;
      const chat = JSON.stringify(
        chatNotification({ ...message, text: clipBytes(text, Math.min(room, 3500)) }, subject),
      );
      await send({ TopicArn: this.options.chatTopicArn, Message: chat, MessageAttributes: attributes });
    }
    return out.MessageId ? { messageId: out.MessageId } : {};
  }
}

/** Attributes as SNS String values: invalid names dropped, values cleaned, never empty. */
export function snsAttributes(
  attributes: Readonly<Record<string, string>>,
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!ATTRIBUTE_NAME.test(name) || name.includes('..') || name.endsWith('.')) continue;
    out[name] = { DataType: 'String', StringValue: clip(oneLine(value), 256) || 'none' };
  }
  return out;
}

function attributeBytes(attributes: Record<string, MessageAttributeValue>): number {
  let n = 0;
  for (const [name, v] of Object.entries(attributes)) {
    n +=
      Buffer.byteLength(name) + Buffer.byteLength(v.DataType ?? '') + Buffer.byteLength(v.StringValue ?? '');
  }
  return n;
}

/** The text, cut so subject + text + attributes stay under SNS's limit, ending with the detail key. */
function fitText(
  message: OutboundMessage,
  subject: string,
  attributes: Record<string, MessageAttributeValue>,
): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters other than line breaks go
  const text = message.text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ');
  const room = SNS_MAX_BYTES - Buffer.byteLength(subject) - attributeBytes(attributes) - 512;
  if (Buffer.byteLength(text) <= room) return text;
  const note = `\n… truncated; full detail in the store at ${message.detailKey ?? '(not stored)'}\n`;
  return clipBytes(text, room - Buffer.byteLength(note)) + note;
}

/** The Amazon Q Developer (chat) custom notification for a message. */
export function chatNotification(message: OutboundMessage, subject: string): unknown {
  const a = message.attributes;
  const id = (message.json as { incidentId?: unknown } | null)?.incidentId;
  return {
    version: '1.0',
    source: 'custom',
    id: clip(oneLine(typeof id === 'string' ? id : subject), 128),
    content: {
      textType: 'client-markdown',
      title: subject,
      description: message.text,
      ...(message.detailKey ? { nextSteps: [`Full detail: ${message.detailKey}`] } : {}),
      keywords: ['finops', a.kind ?? 'alert', a.team ?? 'all'].map((k) => clip(oneLine(k), 64)),
    },
    metadata: {
      summary: subject,
      eventType: 'GenAIFinOpsAlert',
      additionalContext: { ...a },
    },
  };
}
