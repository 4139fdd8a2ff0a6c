/** Base class of the GPU metrics ingest's errors. */
export class GpuIngestError extends Error {
  override name = 'GpuIngestError';
}

/** A saved response, request or describe output that cannot be read: names the file and the field. */
export class GpuInputError extends GpuIngestError {
  override name = 'GpuInputError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${field ? `${field} ` : ''}${problem}`, options);
  }
}

/** CloudWatch answered `Forbidden` (or AccessDenied) for a query: the run stops, nothing is written. */
export class MetricAccessError extends GpuIngestError {
  override name = 'MetricAccessError';
}
