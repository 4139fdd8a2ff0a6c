import { describe, expect, it } from 'vitest';
import { InvalidConfigError, parseConfig, parseConfigJson } from '../../shared/config';

describe('parseConfig', () => {
  it('returns the defaults for an empty configuration', () => {
    const c = parseConfig({});
    expect(c.attribution.tagKeys).toEqual({
      team: ['team'],
      feature: ['feature'],
      environment: ['environment', 'env'],
    });
    expect(c.ingest.lookbackHours).toBe(2);
    expect(c.ingest.schedule).toBe('rate(1 hour)');
    expect(c.athena.workgroup).toBe('genai-finops');
  });

  describe('invalid values fail naming the key', () => {
    const cases: [string, unknown, string][] = [
      ['a negative look-back', { ingest: { lookbackHours: -1 } }, 'ingest.lookbackHours'],
      ['a schedule that is not rate() or cron()', { ingest: { schedule: 'hourly' } }, 'ingest.schedule'],
      ['a bad bucket name', { ingest: { store: 's3://Bad_Bucket/x' } }, 'ingest.store'],
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
