import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
type ListObjects = (bucket: string, options: Record<string, unknown>) => Promise<ListResult>;

/**
 * s3rver's delimiter listing only finds objects at most one folder below the prefix (its walk
 * skips deeper folders), so `AWSLogs/<acct>/…/HH/x.json.gz` never shows up as a common prefix.
 * Real S3 groups keys at any depth. This lists without the delimiter and groups like S3 does;
 * a page always ends on an object, because s3rver derives the continuation token from the last one.
 */
function fixDelimiterListing(): void {
  const require = createRequire(import.meta.url);
  const store = require('s3rver/lib/stores/filesystem') as {
    prototype: { listObjects: ListObjects; __fixed?: true };
  };
  if (store.prototype.__fixed) return;
  const original = store.prototype.listObjects;
  store.prototype.listObjects = async function (this: unknown, bucket, options) {
    const delimiter = typeof options.delimiter === 'string' ? options.delimiter : '';
    if (!delimiter) return original.call(this, bucket, options);
    const all = await original.call(this, bucket, {
      ...options,
      delimiter: '',
      maxKeys: Number.POSITIVE_INFINITY,
    });
    const prefix = typeof options.prefix === 'string' ? options.prefix : '';
    const maxKeys = typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
    const objects: { key: string }[] = [];
    const commonPrefixes: string[] = [];
    let count = 0;
    let isTruncated = false;
    for (const object of all.objects) {
      const idx = object.key.slice(prefix.length).indexOf(delimiter);
      if (idx !== -1) {
        const common = object.key.slice(0, prefix.length + idx + delimiter.length);
        if (commonPrefixes[commonPrefixes.length - 1] !== common) {
          commonPrefixes.push(common);
          count++;
        }
        continue;
      }
      if (count >= maxKeys) {
        isTruncated = true;
        break;
      }
      objects.push(object);
      count++;
    }
    return { objects, commonPrefixes, isTruncated };
  };
  store.prototype.__fixed = true;
}

/** A running s3rver: its endpoint, a factory for clients configured to talk to it, and a stop switch. */
export interface S3TestServer {
  endpoint: string;
  client(): S3Client;
  stop(): Promise<void>;
}

/**
 * Starts a real S3 HTTP server (s3rver) on 127.0.0.1 and a free port, storing into a fresh temp
 * folder, with `buckets` created. Call `stop()` in `afterAll`: it closes clients, server and folder.
 */
export async function startS3Server(buckets: string[]): Promise<S3TestServer> {
  fixDelimiterListing();
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // Path-style requests only: no guessing a bucket from the Host header.
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    client() {
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        // Otherwise the SDK sends streamed bodies aws-chunked with trailing checksums, which
        // s3rver stores verbatim, chunk headers included.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      clients.push(client);
      return client;
    },
    async stop() {
      // Clients keep sockets alive; the server's close() would wait for them.
      for (const client of clients) client.destroy();
      try {
        await server.close();
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}
