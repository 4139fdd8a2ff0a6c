import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// CDK writes cdk.out folders and a fingerprint cache under TMPDIR: keep them inside the run's own folder.
const tmp = resolve('.tmp/vitest');
mkdirSync(tmp, { recursive: true });

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // s3rver's ListObjectsV2 paging needs the legacy OpenSSL provider on Node 20.
    execArgv: ['--openssl-legacy-provider'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      TMPDIR: tmp,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
      CDK_DISABLE_VERSION_CHECK: '1',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
    },
    deps: { optimizer: { ssr: { include: ['dt-sql-parser'] } } },
  },
});
