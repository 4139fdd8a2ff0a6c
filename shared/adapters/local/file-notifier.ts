import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Delivery, Notifier, OutboundMessage } from '../../ports/notifier';

/**
 * The local notifier: prints each message (subject and text) and appends it, with its JSON form
 * and attributes, as one line to a JSON Lines file of sent messages.
 */
export class FileNotifier implements Notifier {
  private sent = 0;

  constructor(
    private readonly file: string,
    private readonly print: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  async publish(message: OutboundMessage): Promise<Delivery> {
    this.print(`${message.subject}\n${message.text.trimEnd().replace(/^/gm, '  ')}`);
    await mkdir(dirname(this.file), { recursive: true });
    const messageId = `local-${Date.now().toString(36)}-${++this.sent}`;
    await appendFile(this.file, `${JSON.stringify({ messageId, ...message })}\n`);
    return { messageId };
  }
}
