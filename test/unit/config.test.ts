import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigNotFoundError,
  DEFAULT_CONFIG_FILE,
  InvalidConfigError,
  loadConfigFile,
  loadConfigFrom,
  parseConfig,
  parseConfigJson,
} from '../../shared/config';

describe('parseConfig', () => {
  it('returns the defaults for an empty configuration', () => {
    const c = parseConfig({});
    expect(c.attribution.tagKeys).toEqual({
      team: ['team'],
      feature: ['feature'],
      environment: ['environment', 'env'],
    });
    expect(c.ingest.lookbackHours).toBe(2);
    expect(c.ingest.schedule).toBe('rate(15 minutes)');
    expect(c.ingest.noDataAlarmHours).toBe(6);
    expect(c.athena.workgroup).toBe('genai-finops');
  });

  describe('invalid values fail naming the key', () => {
    const cases: [string, unknown, string][] = [
      ['a negative look-back', { ingest: { lookbackHours: -1 } }, 'ingest.lookbackHours'],
      ['a schedule that is not rate() or cron()', { ingest: { schedule: 'hourly' } }, 'ingest.schedule'],
      ['a bad bucket name', { ingest: { store: 's3://Bad_Bucket/x' } }, 'ingest.store'],
      ['an upper-case scheme with a bad bucket', { ingest: { source: 'S3://Logs' } }, 'ingest.source'],
      [
        'an identity rule that sets nothing',
        { attribution: { identities: [{ match: 'arn:*' }] } },
        'attribution.identities[0]',
      ],
      ['an empty tag key list', { attribution: { tagKeys: { team: [] } } }, 'attribution.tagKeys.team'],
      ['an unknown key', { ingest: { lookback: 3 } }, 'ingest.lookback'],
      [
        'a profile map key that is not an ARN',
        { ingest: { inferenceProfiles: { x: 'y' } } },
        'ingest.inferenceProfiles.x',
      ],
    ];
    for (const [what, raw, key] of cases) {
      it(`rejects ${what}`, () => {
        let error: unknown;
        try {
          parseConfig(raw);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidConfigError);
        expect((error as InvalidConfigError).key).toBe(key);
        expect((error as Error).message).toContain(key);
      });
    }
  });

  it('names the origin of a configuration that is not JSON', () => {
    expect(() => parseConfigJson('{oops', 'GENAI_FINOPS_CONFIG')).toThrow(
      /GENAI_FINOPS_CONFIG is not valid JSON/,
    );
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genai-finops-config-'));

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ ingest: { lookbackHours: 4 } })}`, 'utf8');
    expect(loadConfigFile(file).ingest.lookbackHours).toBe(4);
  });

  it('fails with a ConfigNotFoundError naming the path of a missing file', () => {
    const file = join(dir, 'nope.json');
    expect(() => loadConfigFile(file)).toThrow(ConfigNotFoundError);
    expect(() => loadConfigFile(file)).toThrow(file);
  });

  it('names the key and the file of an invalid value', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ingest: { schedule: 'hourly' } }));
    expect(() => loadConfigFile(file)).toThrow(/ingest\.schedule: .*\(in .*bad\.json\)/);
  });
});

describe('loadConfigFrom', () => {
  it('resolves a named file against the folder given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genai-finops-config-'));
    writeFileSync(join(dir, 'prod.json'), JSON.stringify({ athena: { database: 'prod_lake' } }));
    expect(loadConfigFrom('prod.json', dir).athena.database).toBe('prod_lake');
  });

  it('reads genai-finops.config.json from the folder when no file is named, else the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genai-finops-config-'));
    expect(loadConfigFrom(undefined, dir).ingest.lookbackHours).toBe(2);
    writeFileSync(join(dir, DEFAULT_CONFIG_FILE), JSON.stringify({ ingest: { lookbackHours: 7 } }));
    expect(loadConfigFrom(undefined, dir).ingest.lookbackHours).toBe(7);
  });

  it('does not fall back to the defaults when a named file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genai-finops-config-'));
    expect(() => loadConfigFrom('missing.json', dir)).toThrow(ConfigNotFoundError);
  });
});
