/** String message attributes subscribers filter on (SNS filter policies): `team`, `environment`, `severity`, `kind`. */
export type MessageAttributes = Readonly<Record<string, string>>;

/** One message to deliver: a short subject, a plain-text body people read, and a JSON form for machines. */
export interface OutboundMessage {
  /** ≤ 100 characters, no control characters (the notifier enforces both). */
  subject: string;
  /** Plain text, readable in an e-mail. */
  text: string;
  /** The same content as a JSON value, for machines (and chat integrations). */
  json: unknown;
  attributes: MessageAttributes;
  /** Store key of the full detail, when the message had to be shortened. */
  detailKey?: string;
}

/** What a delivery produced: the provider's message id, when it gives one. */
export interface Delivery {
  messageId?: string;
}

/** Notifier port: SNS in AWS, the console and a JSON file of sent messages locally. */
export interface Notifier {
  publish(message: OutboundMessage): Promise<Delivery>;
}
