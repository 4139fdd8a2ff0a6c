/** Base class of the Bedrock ingest's errors. */
export class BedrockIngestError extends Error {
  override name = 'BedrockIngestError';
}

/** An object could not be read to its end (network, permissions): its unit is not written. */
export class SourceReadError extends BedrockIngestError {
  override name = 'SourceReadError';
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${message}`, options);
  }
}
