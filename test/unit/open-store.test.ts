import { resolve } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { LazyStore } from '../../shared/adapters/lazy-store';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { openStore, parseLocation } from '../../shared/adapters/open-store';
import { InvalidLocationError } from '../../shared/ports/store-errors';
import { collect } from '../support/object-store-contract';

describe('parseLocation', () => {
  it.each([
    ['s3://bucket', { kind: 's3', bucket: 'bucket', prefix: '' }],
    ['s3://bucket/', { kind: 's3', bucket: 'bucket', prefix: '' }],
    ['s3://bucket/a/b/', { kind: 's3', bucket: 'bucket', prefix: 'a/b' }],
    ['s3://my.bucket-1/curated', { kind: 's3', bucket: 'my.bucket-1', prefix: 'curated' }],
    ['S3://bucket/x', { kind: 's3', bucket: 'bucket', prefix: 'x' }],
    ['data/lake', { kind: 'local', path: 'data/lake' }],
    ['./lake/', { kind: 'local', path: './lake/' }],
    ['/var/lib/lake', { kind: 'local', path: '/var/lib/lake' }],
    ['file:///var/lib/lake', { kind: 'local', path: '/var/lib/lake' }],
  ])('reads %j', (location, expected) => {
    expect(parseLocation(location)).toEqual(expected);
  });

  describe('rejects', () => {
    it.each([
      ['s3://', /no bucket/],
      ['s3:///prefix', /no bucket/],
      ['s3://Bad_Bucket/x', /not a valid S3 bucket name/],
      ['s3://bucket/a//b', /empty segment/],
      ['', /empty/],
    ])('%j', (location, message) => {
      expect(() => parseLocation(location)).toThrow(InvalidLocationError);
      expect(() => parseLocation(location)).toThrow(message);
    });
  });
});

describe('openStore', () => {
  it('opens a folder store at the absolute path of a local location', () => {
    const store = openStore('data/lake');
    expect(store).toBeInstanceOf(FolderStore);
    expect(store.uri).toBe(resolve('data/lake'));
  });

  it('opens an S3 store, built at its first request, that sends through the given client and counts it', async () => {
    const s3Client = new S3Client({ region: 'eu-west-1' });
    const mock = mockClient(s3Client);
    mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'a/b/x', Size: 1 }] });

    const store = openStore('s3://bucket/a/b/', { s3Client });

    expect(store).toBeInstanceOf(LazyStore);
    expect(store.uri).toBe('s3://bucket/a/b');
    expect((await collect(store.list(''))).map((o) => o.key)).toEqual(['x']);
    expect(store.stats.listRequests).toBe(1);
    expect(mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({
      Bucket: 'bucket',
      Prefix: 'a/b/',
    });
    mock.restore();
  });

  it('opens an S3 store with a default client when none is given, without loading the SDK until used', () => {
    const store = openStore('s3://bucket');
    expect(store).toBeInstanceOf(LazyStore);
    expect(store.uri).toBe('s3://bucket');
  });
});
