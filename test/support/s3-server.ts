import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

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
