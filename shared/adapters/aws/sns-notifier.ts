import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Delivery, Notifier, OutboundMessage } from '../../ports/notifier';

/** SNS limits: subject under 100 characters; message and attributes within 256 KB. */
const SUBJECT_MAX = 99;
const MESSAGE_MAX_BYTES = 262_144;

/** Thrown when a message cannot fit SNS even after the subject is cleaned. */
export class MessageTooLargeError extends Error {
  constructor(bytes: number) {
    super(`SNS message is ${bytes} bytes with its attributes; SNS takes at most ${MESSAGE_MAX_BYTES}`);
    this.name = 'MessageTooLargeError';
  }
}

/** A subject SNS accepts: control characters replaced, cut below 100 characters. */
function cleanSubject(subject: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const flat = subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || '(no subject)';
  return flat.length > SUBJECT_MAX ? `${flat.slice(0, SUBJECT_MAX - 1)}…` : flat;
}

/**
 * Publishes to one SNS topic: the plain text as `Message` (what e-mail subscribers read), the
 * attributes as String message attributes (what filter policies match).
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(message: OutboundMessage): Promise<Delivery> {
    const subject = cleanSubject(message.subject);
    const attributes: Record<string, MessageAttributeValue> = {};
    let bytes = Buffer.byteLength(message.text);
    for (const [name, value] of Object.entries(message.attributes)) {
      attributes[name] = { DataType: 'String', StringValue: value };
      bytes += Buffer.byteLength(name) + Buffer.byteLength('String') + Buffer.byteLength(value);
    }
    if (bytes > MESSAGE_MAX_BYTES) throw new MessageTooLargeError(bytes);
    const out = await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject,
        Message: message.text,
        ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
      }),
    );
    return out.MessageId ? { messageId: out.MessageId } : {};
  }
}
