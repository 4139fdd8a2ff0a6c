/** A bucket and a key prefix without leading or trailing slashes (`''` for the whole bucket). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** True for an `s3://…` URI (as opposed to a local folder path). */
export function isS3Uri(value: string | undefined): value is string {
  return value?.startsWith('s3://') ?? false;
}

/** Splits `s3://bucket/some/prefix/` into `{ bucket, prefix: 'some/prefix' }`. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match?.[1]) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/** `s3://bucket/prefix`, or `s3://bucket` for an empty prefix. Works with CDK token strings. */
export function s3Uri(bucket: string, prefix: string): string {
  return prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`;
}

/** `prefix/rest`, or `rest` for an empty prefix. */
export function underPrefix(prefix: string, rest: string): string {
  return prefix === '' ? rest : `${prefix}/${rest}`;
}
