import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3Store } from '../../shared/adapters/aws/s3-store';
import { ObjectNotFoundError, StoreError } from '../../shared/ports/store-errors';
import { collect } from '../support/object-store-contract';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

function store(options: { prefix?: string; pageSize?: number } = {}): S3Store {
  return new S3Store({ client, bucket: 'lake', prefix: 'curated/', ...options });
}

beforeEach(() => {
  s3.reset();
});

describe('S3Store', () => {
  it('names its bucket and prefix without a trailing slash', () => {
    expect(store().uri).toBe('s3://lake/curated');
    expect(store({ prefix: '' }).uri).toBe('s3://lake');
    expect(store({ prefix: '/a/b/' }).uri).toBe('s3://lake/a/b');
  });

  describe('list', () => {
    it('follows continuation tokens across pages and counts one request per page', async () => {
      s3.on(ListObjectsV2Command)
        .resolvesOnce({
          Contents: [
            { Key: 'curated/t/1', Size: 1 },
            { Key: 'curated/t/2', Size: 2 },
          ],
          IsTruncated: true,
          NextContinuationToken: 'token-1',
        })
        .resolvesOnce({
          Contents: [
            { Key: 'curated/t/3', Size: 3 },
            { Key: 'curated/t/4', Size: 4 },
          ],
          IsTruncated: true,
          NextContinuationToken: 'token-2',
        })
        .resolvesOnce({ Contents: [{ Key: 'curated/t/5', Size: 5, ETag: '"e5"' }], IsTruncated: false });
      const subject = store({ pageSize: 2 });

      const listed = await collect(subject.list('t/'));

      expect(listed.map((o) => o.key)).toEqual(['t/1', 't/2', 't/3', 't/4', 't/5']);
      expect(listed[4]).toEqual({ key: 't/5', size: 5, etag: '"e5"' });
      const inputs = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
      expect(inputs.map((input) => input.ContinuationToken)).toEqual([undefined, 'token-1', 'token-2']);
      expect(inputs.every((input) => input.Prefix === 'curated/t/' && input.MaxKeys === 2)).toBe(true);
      expect(subject.stats.listRequests).toBe(3);
    });

    it('wraps an AccessDenied in a StoreError that keeps the cause', async () => {
      const denied = new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      });
      s3.on(ListObjectsV2Command).rejects(denied);

      const error = await collect(store().list('t/')).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StoreError);
      expect(error).not.toBeInstanceOf(ObjectNotFoundError);
      expect((error as StoreError).cause).toBe(denied);
      expect((error as StoreError).message).toMatch(
        /list t\/\* in s3:\/\/lake\/curated failed: AccessDenied/,
      );
    });

    it('refuses a truncated page without a continuation token instead of stopping silently', async () => {
      s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'curated/a', Size: 1 }], IsTruncated: true });
      await expect(collect(store().list(''))).rejects.toThrow(/without a continuation token/);
    });

    it('leaves out folder markers', async () => {
      s3.on(ListObjectsV2Command).resolves({
        Contents: [
          { Key: 'curated/t/', Size: 0 },
          { Key: 'curated/t/a', Size: 1 },
        ],
      });
      expect((await collect(store().list('t/'))).map((o) => o.key)).toEqual(['t/a']);
    });
  });

  describe('listFolder', () => {
    it('asks with a delimiter and merges folders and objects of every page', async () => {
      s3.on(ListObjectsV2Command)
        .resolvesOnce({
          CommonPrefixes: [{ Prefix: 'curated/d/' }],
          Contents: [{ Key: 'curated/a', Size: 1 }],
          IsTruncated: true,
          NextContinuationToken: 'next',
        })
        .resolvesOnce({
          CommonPrefixes: [{ Prefix: 'curated/d/' }, { Prefix: 'curated/f/' }],
          IsTruncated: false,
        });
      const subject = store();

      const listing = await subject.listFolder('');

      expect(listing.folders).toEqual(['d/', 'f/']);
      expect(listing.objects.map((o) => o.key)).toEqual(['a']);
      expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({
        Prefix: 'curated/',
        Delimiter: '/',
      });
      expect(subject.stats.listRequests).toBe(2);
    });
  });

  describe('get', () => {
    it('turns NoSuchKey into ObjectNotFoundError', async () => {
      s3.on(GetObjectCommand).rejects(
        new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
      );
      const subject = store();

      const error = await subject.get('t/missing').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect(error).toMatchObject({ key: 't/missing', storeUri: 's3://lake/curated' });
      expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
        Bucket: 'lake',
        Key: 'curated/t/missing',
      });
      expect(subject.stats.getRequests).toBe(1);
    });

    it('reports a missing bucket as a StoreError, not a missing object', async () => {
      s3.on(GetObjectCommand).rejects(
        new NoSuchBucket({
          message: 'The specified bucket does not exist',
          $metadata: { httpStatusCode: 404 },
        }),
      );
      const error = await store()
        .get('t/x')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).not.toBeInstanceOf(ObjectNotFoundError);
    });
  });

  describe('put', () => {
    it('sends a small buffer as one PutObject with its length and type', async () => {
      s3.on(PutObjectCommand).resolves({});
      const subject = store();

      await subject.put('t/x.csv', Buffer.from('a,b\n'), { contentType: 'text/csv' });

      expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
        Bucket: 'lake',
        Key: 'curated/t/x.csv',
        ContentLength: 4,
        ContentType: 'text/csv',
      });
      expect(subject.stats).toMatchObject({ putRequests: 1, bytesWritten: 4 });
    });
  });

  describe('delete', () => {
    it('throws a StoreError naming each key DeleteObjects could not delete', async () => {
      s3.on(DeleteObjectsCommand).resolves({
        Errors: [{ Key: 'curated/t/locked.parquet', Code: 'AccessDenied', Message: 'Access Denied' }],
      });

      const error = await store()
        .delete(['t/fine.parquet', 't/locked.parquet'])
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toContain('t/locked.parquet (AccessDenied: Access Denied)');
      expect((error as StoreError).message).not.toContain('fine.parquet');
    });

    it('sends quiet batches of at most 1000 prefixed keys', async () => {
      s3.on(DeleteObjectsCommand).resolves({});
      const subject = store();
      const keys = Array.from({ length: 2500 }, (_, i) => `t/${i}`);

      await subject.delete(keys);

      const inputs = s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input);
      expect(inputs.map((input) => input.Delete?.Objects?.length)).toEqual([1000, 1000, 500]);
      expect(inputs.every((input) => input.Delete?.Quiet === true)).toBe(true);
      expect(inputs[2]?.Delete?.Objects?.[499]).toEqual({ Key: 'curated/t/2499' });
      expect(subject.stats.deleteRequests).toBe(3);
    });
  });

  describe('rejects bad options', () => {
    it.each([
      [{ pageSize: 0 }, /pageSize/],
      [{ pageSize: 1001 }, /pageSize/],
      [{ partSize: 1024 * 1024 }, /partSize/],
      [{ bucket: '' }, /bucket/],
    ])('%j', (options, message) => {
      expect(() => new S3Store({ client, bucket: 'lake', ...options })).toThrow(message);
    });
  });

  describe('conditional writes', () => {
    const failure = (name: string, status: number) =>
      new S3ServiceException({
        name,
        $fault: 'client',
        $metadata: { httpStatusCode: status },
        message: name,
      });

    it('creates only when absent, with If-None-Match: *, and returns the ETag', async () => {
      s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
      expect(await store().putIf('_state/leases/x.json', Buffer.from('{}'), { ifAbsent: true })).toBe('"e1"');
      const input = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
      expect(input?.IfNoneMatch).toBe('*');
      expect(input?.IfMatch).toBeUndefined();
      expect(input?.Key).toBe('curated/_state/leases/x.json');
    });

    it('replaces only the version it read, with If-Match', async () => {
      s3.on(PutObjectCommand).resolves({ ETag: '"e2"' });
      const s = store();
      expect(await s.putIf('k', Buffer.from('{}'), { ifMatch: '"e1"' })).toBe('"e2"');
      expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfMatch).toBe('"e1"');
      expect(s.stats.putRequests).toBe(1);
    });

    it('says the condition did not hold on 412 PreconditionFailed and 409 ConditionalRequestConflict', async () => {
      s3.on(PutObjectCommand)
        .rejectsOnce(failure('PreconditionFailed', 412))
        .rejectsOnce(failure('ConditionalRequestConflict', 409));
      expect(await store().putIf('k', Buffer.from('{}'), { ifAbsent: true })).toBeUndefined();
      expect(await store().putIf('k', Buffer.from('{}'), { ifMatch: '"e1"' })).toBeUndefined();
    });

    it('fails on any other error, naming the key', async () => {
      s3.on(PutObjectCommand).rejects(failure('AccessDenied', 403));
      await expect(store().putIf('k', Buffer.from('{}'), { ifAbsent: true })).rejects.toThrow(
        /conditional put k in s3:\/\/lake\/curated failed: AccessDenied/,
      );
    });

    it('heads an object for its ETag, and answers undefined when there is none', async () => {
      s3.on(HeadObjectCommand, { Key: 'curated/a' })
        .resolves({ ETag: '"e1"', ContentLength: 2 })
        .on(HeadObjectCommand, { Key: 'curated/b' })
        .rejects(failure('NotFound', 404));
      const s = store();
      expect(await s.head('a')).toMatchObject({ key: 'a', size: 2, etag: '"e1"' });
      expect(await s.head('b')).toBeUndefined();
      expect(s.stats.getRequests).toBe(2);
    });
  });
});
