import { S3ServiceException } from '@aws-sdk/client-s3';

/** S3 says there is no object under the key (not: no bucket, which is a configuration error). */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'NoSuchKey') return true;
  // A missing bucket is a 404 too, but a configuration error rather than a missing object.
  return (
    error.name !== 'NoSuchBucket' &&
    error instanceof S3ServiceException &&
    error.$metadata.httpStatusCode === 404
  );
}

/** 412 PreconditionFailed, or 409 ConditionalRequestConflict (a concurrent conditional write won). */
export function isPreconditionFailure(error: unknown): boolean {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  return status === 412 || status === 409;
}
