/** A time-limited link to one stored object. */
export interface SignedLink {
  url: string;
  /** When the link stops working: the time asked for, or earlier when the signing credentials expire first. */
  expiresAt: Date;
}

/** Link-signer port: S3 pre-signed GET URLs in AWS. */
export interface LinkSigner {
  /** A link to `key` (relative to the signer's bucket) valid for up to `seconds`. */
  sign(key: string, seconds: number): Promise<SignedLink>;
}
