// Parsing lives in one place, `parseLocation` (shared/adapters/open-store.ts); these only build strings.

/** `s3://bucket/prefix`, or `s3://bucket` for an empty prefix. Works with CDK token strings. */
export function s3Uri(bucket: string, prefix: string): string {
  return prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`;
}

/** `prefix/rest`, or `rest` for an empty prefix. */
export function underPrefix(prefix: string, rest: string): string {
  return prefix === '' ? rest : `${prefix}/${rest}`;
}
