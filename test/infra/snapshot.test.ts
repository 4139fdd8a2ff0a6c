import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/lib/repo-paths';
import { synthStack } from './synth';

/**
 * The synthesized default stack for review: a change to the template shows up as a diff of
 * `__snapshots__/default-stack.template.snap`. Regenerate after an intended change with
 * `npx vitest run test/infra/snapshot.test.ts -u`. The invariants are asserted in the other infra tests.
 */

/** Asset hashes (S3 keys of bundles) change with any source edit; they are not what a reviewer reviews. */
const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

/** The template with what changes per build or per machine replaced by placeholders. */
function normalizeTemplate(template: unknown): unknown {
  const text = JSON.stringify(template, (_key, value: unknown) =>
    typeof value === 'string'
      ? value.replaceAll(repoRoot, '<repo>').replace(ASSET_HASH, '<asset-hash>')
      : value,
  );
  return JSON.parse(text);
}

describe('the default stack template', () => {
  const template = synthStack({ config: {} }).template.toJSON();
  const normalized = normalizeTemplate(template);

  it('keeps no asset hash or local path once normalized', () => {
    const text = JSON.stringify(normalized);
    expect(JSON.stringify(template)).toMatch(ASSET_HASH);
    expect(text).not.toMatch(ASSET_HASH);
    expect(text).not.toContain(repoRoot);
    expect(text).toContain('<asset-hash>.zip');
  });

  it('synthesizes the same normalized template twice', () => {
    expect(normalizeTemplate(synthStack({ config: {} }).template.toJSON())).toEqual(normalized);
  });

  it('matches the reviewed snapshot', async () => {
    await expect(`${JSON.stringify(normalized, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/default-stack.template.snap',
    );
  });
});
