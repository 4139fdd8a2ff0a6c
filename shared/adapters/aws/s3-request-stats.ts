import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { ObjectStoreStats } from '../../ports/object-store';

/**
 * The same client, with every `send` counted into `stats` by the kind S3 bills. A wrapper rather
 * than client middleware, because lib-storage's Upload sends its own commands and the client may
 * be shared with other stores. AbortMultipartUpload is not counted: S3 does not bill it.
 */
export function withStats(client: S3Client, stats: ObjectStoreStats): S3Client {
  return new Proxy(client, {
    get(target, property) {
      if (property !== 'send') return Reflect.get(target, property, target);
      return async (command: unknown, ...rest: unknown[]) => {
        countRequest(command, stats);
        // Only the promise form of send is used (by this store and by Upload), so awaiting is safe.
        const output: unknown = await Reflect.apply(target.send, target, [command, ...rest]);
        stats.bytesWritten += bytesSent(command);
        return output;
      };
    },
  });
}

function countRequest(command: unknown, stats: ObjectStoreStats): void {
  if (command instanceof ListObjectsV2Command) stats.listRequests += 1;
  else if (command instanceof GetObjectCommand || command instanceof HeadObjectCommand)
    stats.getRequests += 1;
  else if (command instanceof DeleteObjectsCommand) stats.deleteRequests += 1;
  else if (
    command instanceof PutObjectCommand ||
    command instanceof UploadPartCommand ||
    command instanceof CreateMultipartUploadCommand ||
    command instanceof CompleteMultipartUploadCommand
  ) {
    stats.putRequests += 1;
  }
}

function bytesSent(command: unknown): number {
  if (!(command instanceof PutObjectCommand || command instanceof UploadPartCommand)) return 0;
  const body: unknown = command.input.Body;
  if (body instanceof Uint8Array) return body.byteLength;
  if (typeof body === 'string') return Buffer.byteLength(body);
  return 0;
}
