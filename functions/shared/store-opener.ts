import type { S3Client } from '@aws-sdk/client-s3';
import { openStore } from '../../shared/adapters/open-store';
import { type AppConfig, InvalidConfigError } from '../../shared/config';

/** Opens the configured `ingest.store` on each call; throws at once when the config has none. */
export function storeOpener(config: AppConfig, s3: S3Client): () => ReturnType<typeof openStore> {
  const { store } = config.ingest;
  if (!store) throw new InvalidConfigError('ingest.store', 'the function needs ingest.store');
  return () => openStore(store, { s3Client: s3 });
}
