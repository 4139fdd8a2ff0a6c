import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../ports/clock';
import type { LinkSigner, SignedLink } from '../../ports/link-signer';

/** SigV4 pre-signed URLs are refused beyond 7 days. */
export const MAX_LINK_SECONDS = 7 * 24 * 3600;

/** Where the signer points, and the clock it dates expiry by. */
export interface S3LinkSignerOptions {
  client: S3Client;
  bucket: string;
  clock: Clock;
}

/**
 * Pre-signed S3 GET URLs. A URL signed with temporary credentials (a Lambda role's) stops working
 * when they expire, whatever `X-Amz-Expires` says: the returned `expiresAt` is the earlier of the two.
 */
export class S3LinkSigner implements LinkSigner {
  constructor(private readonly options: S3LinkSignerOptions) {}

  async sign(key: string, seconds: number): Promise<SignedLink> {
    const { client, bucket, clock } = this.options;
    const expiresIn = Math.min(Math.max(1, Math.floor(seconds)), MAX_LINK_SECONDS);
    const now = clock.now();
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn,
      signingDate: now,
    });
    const asked = now.getTime() + expiresIn * 1000;
    const credentials = await client.config.credentials();
    const sessionEnd = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
    return { url, expiresAt: new Date(Math.min(asked, sessionEnd)) };
  }
}
