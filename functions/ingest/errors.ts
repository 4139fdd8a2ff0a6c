/** Base class of the ingest function's own errors. */
export class IngestFunctionError extends Error {
  override name = 'IngestFunctionError';
}

/** Some source folders could not be read: the invocation fails so Lambda retries it and the Errors alarm fires. */
export class IngestFailedError extends IngestFunctionError {
  override name = 'IngestFailedError';
  constructor(readonly foldersFailed: number) {
    super(`${foldersFailed} source folder(s) could not be read`);
  }
}
