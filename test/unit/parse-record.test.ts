import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type KeyContext,
  MAX_TOKENS_PER_INVOCATION,
  parseRecordLine,
  parseTimestamp,
} from '../../shared/bedrock/parse-record';
import { acceptedTimes, FIRST_ACCEPTED_DAY } from '../../shared/lake/accepted-dates';

const examples = readFileSync(
  new URL('../fixtures/bedrock/reference-examples.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n');
const [converse, streamOffloaded, titan] = examples as [string, string, string];

function accepted(line: string, context: KeyContext = {}) {
  const r = parseRecordLine(line, context);
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r;
}

const ok = (line: string, context: KeyContext = {}) => accepted(line, context).record;

describe('parseRecordLine', () => {
  it('returns the metadata of a Converse record with tags and prompt caching', () => {
    const r = ok(converse);
    expect(r).toEqual({
      event_time: Date.UTC(2026, 2, 2, 14, 7, 31),
      request_id: '6f1c2d9e-7a41-4d0b-9a55-2c1e8b0f4a10',
      account_id: '111122223333',
      region: 'us-east-1',
      operation: 'Converse',
      model_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      identity_arn: 'arn:aws:sts::111122223333:assumed-role/support-bot-prod/i-0abc12',
      request_metadata: '{"team":"support","feature":"ticket-summary","env":"prod"}',
      inference_region: 'us-east-2',
      input_tokens: 212,
      output_tokens: 96,
      cache_read_tokens: 1830,
      cache_write_tokens: 0,
      error_code: null,
    });
  });

  it('returns an offloaded streaming record with cache writes and an application profile ARN', () => {
    const r = ok(streamOffloaded);
    expect(r.operation).toBe('InvokeModelWithResponseStream');
    expect(r.model_id).toMatch(/application-inference-profile\/a1b2c3d4e5f6$/);
    expect([r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens]).toEqual([
      48211, 1204, 0, 31002,
    ]);
    expect(r.request_metadata).toBeNull();
  });

  it('returns an embedding call with no cache fields as zero cache tokens', () => {
    const r = ok(titan);
    expect([r.region, r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens]).toEqual([
      'eu-west-1',
      187,
      0,
      0,
      0,
    ]);
  });

  it('never returns prompt or completion text', () => {
    for (const line of examples) {
      const text = JSON.stringify(ok(line));
      expect(text).not.toContain('ticket text');
      expect(text).not.toContain('<summary>');
      expect(text).not.toContain('document chunk');
      expect(text).not.toContain('You summarise');
    }
  });

  describe('real-world variations', () => {
    const base = JSON.parse(converse) as Record<string, unknown>;
    const line = (patch: Record<string, unknown>, drop: string[] = []) => {
      const o: Record<string, unknown> = { ...base, ...patch };
      for (const k of drop) delete o[k];
      return JSON.stringify(o);
    };

    it('accepts a record without schemaType (CloudWatch Logs exports)', () => {
      expect(ok(line({}, ['schemaType'])).request_id).toBe(base.requestId);
    });

    it('accepts a CloudWatch Logs export line with a timestamp prefix', () => {
      expect(ok(`2026-03-02T14:07:32.123Z ${converse}`).input_tokens).toBe(212);
    });

    it('strips a UTF-8 byte-order mark', () => {
      expect(ok(`\ufeff${converse}`).request_id).toBe(base.requestId);
    });

    it('counts missing token counts of a guardrail-blocked call as zero, and says they were missing', () => {
      const r = accepted(line({ input: { inputContentType: 'application/json' }, output: {} }));
      expect([
        r.record.input_tokens,
        r.record.output_tokens,
        r.record.cache_read_tokens,
        r.record.cache_write_tokens,
      ]).toEqual([0, 0, 0, 0]);
      expect(r.tokensMissing).toBe(true);
    });

    it('says tokens were missing when input and output are absent or null', () => {
      expect(accepted(line({}, ['input', 'output'])).tokensMissing).toBe(true);
      expect(accepted(line({ input: null, output: null })).tokensMissing).toBe(true);
      expect(accepted(line({ input: { inputTokenCount: null }, output: {} })).tokensMissing).toBe(true);
    });

    it('does not say tokens were missing when one count is there, or when the call failed', () => {
      expect(accepted(converse).tokensMissing).toBe(false);
      expect(accepted(line({ input: { inputTokenCount: 0 }, output: {} })).tokensMissing).toBe(false);
      expect(accepted(line({ input: {}, output: { outputTokenCount: 3 } })).tokensMissing).toBe(false);
      expect(accepted(line({ errorCode: 'ThrottlingException', input: {} }, ['output'])).tokensMissing).toBe(
        false,
      );
    });

    it('keeps the errorCode of a failed call', () => {
      const r = ok(line({ errorCode: 'ThrottlingException', output: {} }));
      expect(r.error_code).toBe('ThrottlingException');
      expect(r.output_tokens).toBe(0);
    });

    it('caps a stored error code at 200 characters, whatever its type', () => {
      expect(ok(line({ errorCode: `Validation${'x'.repeat(500)}` })).error_code).toHaveLength(200);
      const nested = ok(line({ errorCode: { code: 'Throttling', detail: 'y'.repeat(5000) } })).error_code;
      expect(nested).toHaveLength(200);
      expect(nested?.startsWith('{"code":"Throttling"')).toBe(true);
      expect(ok(line({ errorCode: 429 })).error_code).toBe('429');
    });

    it('does not cut an error code through a surrogate pair', () => {
      expect(ok(line({ errorCode: `${'x'.repeat(199)}😀` })).error_code).toBe('x'.repeat(199));
    });

    it('stores an inferenceRegion that is not a string as null', () => {
      expect(ok(line({ inferenceRegion: { region: 'us-east-2' } })).inference_region).toBeNull();
      expect(ok(line({ inferenceRegion: 42 })).inference_region).toBeNull();
      expect(ok(line({ inferenceRegion: ['us-east-2'] })).inference_region).toBeNull();
      expect(ok(line({ inferenceRegion: '' })).inference_region).toBeNull();
      expect(ok(line({}, ['inferenceRegion'])).inference_region).toBeNull();
    });

    it('accepts a timestamp up to its delivery bound, and rejects one later as bad', () => {
      const at = Date.UTC(2026, 2, 2, 14, 7, 31);
      expect(ok(converse, { deliveredBy: at }).event_time).toBe(at);
      expect(parseRecordLine(converse, { deliveredBy: at - 1 })).toEqual({
        ok: false,
        reason: 'bad_timestamp',
        field: 'timestamp',
      });
    });

    it('rejects a timestamp outside the accepted range with its own reason', () => {
      const bounds = acceptedTimes(new Date('2026-03-02T10:00:00Z'));
      expect(ok(converse, bounds).event_time).toBe(Date.UTC(2026, 2, 2, 14, 7, 31));
      const outside = (timestamp: string) =>
        parseRecordLine(JSON.stringify({ ...JSON.parse(converse), timestamp }), bounds);
      // The accepted range ends with the day after "now", and begins on the first accepted day.
      expect(
        ok(JSON.stringify({ ...JSON.parse(converse), timestamp: '2026-03-03T23:59:59Z' }), bounds),
      ).toBeTruthy();
      expect(outside('2026-03-04T00:00:00Z')).toEqual({
        ok: false,
        reason: 'out_of_range_timestamp',
        field: 'timestamp',
      });
      expect(outside('9999-12-31T00:00:00Z')).toMatchObject({ reason: 'out_of_range_timestamp' });
      expect(outside('2022-12-31T23:59:59Z')).toMatchObject({ reason: 'out_of_range_timestamp' });
      expect(
        ok(JSON.stringify({ ...JSON.parse(converse), timestamp: `${FIRST_ACCEPTED_DAY}T00:00:00Z` }), bounds),
      ).toBeTruthy();
    });

    it('accepts token counts up to the per-invocation bound and rejects beyond it', () => {
      const withTokens = (input: number, output: number) =>
        JSON.stringify({
          ...JSON.parse(converse),
          input: { inputTokenCount: input },
          output: { outputTokenCount: output },
        });
      expect(ok(withTokens(MAX_TOKENS_PER_INVOCATION - 10, 10)).input_tokens).toBe(
        MAX_TOKENS_PER_INVOCATION - 10,
      );
      expect(parseRecordLine(withTokens(MAX_TOKENS_PER_INVOCATION, 1))).toEqual({
        ok: false,
        reason: 'implausible_token_count',
        field: 'input.inputTokenCount',
      });
      expect(parseRecordLine(withTokens(5, Number.MAX_SAFE_INTEGER))).toEqual({
        ok: false,
        reason: 'implausible_token_count',
        field: 'output.outputTokenCount',
      });
    });

    it('takes account and region from the key when the record lacks them', () => {
      const r = ok(line({}, ['accountId', 'region']), { accountId: '000011112222', region: 'ap-south-1' });
      expect([r.account_id, r.region]).toEqual(['000011112222', 'ap-south-1']);
    });

    it('keeps leading zeros of an account id', () => {
      expect(ok(line({ accountId: '012345678901' })).account_id).toBe('012345678901');
    });

    it('keeps only string-valued request metadata', () => {
      expect(ok(line({ requestMetadata: { team: 'a', n: 3, nested: { x: 1 } } })).request_metadata).toBe(
        '{"team":"a"}',
      );
    });

    it('accepts millisecond timestamps and treats a zone-less timestamp as UTC', () => {
      expect(ok(line({ timestamp: '2026-03-02T14:07:31.250Z' })).event_time).toBe(
        Date.UTC(2026, 2, 2, 14, 7, 31, 250),
      );
      expect(ok(line({ timestamp: '2026-03-02T14:07:31' })).event_time).toBe(Date.UTC(2026, 2, 2, 14, 7, 31));
    });
  });

  describe('rejects', () => {
    const base = JSON.parse(converse) as Record<string, unknown>;
    const cases: [string, string, string, string | undefined][] = [
      ['a line that is not JSON', '{"schemaType":"ModelInv', 'invalid_json', undefined],
      ['a JSON value that is not an object', '[1,2,3]', 'not_an_object', undefined],
      [
        'a record without timestamp',
        JSON.stringify({ ...base, timestamp: undefined }),
        'missing_timestamp',
        'timestamp',
      ],
      [
        'an unparseable timestamp',
        JSON.stringify({ ...base, timestamp: 'not-a-date' }),
        'bad_timestamp',
        'timestamp',
      ],
      [
        'an impossible date',
        JSON.stringify({ ...base, timestamp: '2026-02-30T25:00:00Z' }),
        'bad_timestamp',
        'timestamp',
      ],
      [
        '30 February',
        JSON.stringify({ ...base, timestamp: '2026-02-30T00:00:00Z' }),
        'bad_timestamp',
        'timestamp',
      ],
      [
        'a timestamp before the first accepted day',
        JSON.stringify({ ...base, timestamp: '2019-12-31T23:59:59Z' }),
        'out_of_range_timestamp',
        'timestamp',
      ],
      [
        'an input that is not an object',
        JSON.stringify({ ...base, input: 'inputTokenCount=212' }),
        'bad_token_count',
        'input',
      ],
      [
        'an input that is an array',
        JSON.stringify({ ...base, input: [{ inputTokenCount: 212 }] }),
        'bad_token_count',
        'input',
      ],
      [
        'an output that is not an object',
        JSON.stringify({ ...base, output: 96 }),
        'bad_token_count',
        'output',
      ],
      [
        'a record without requestId',
        JSON.stringify({ ...base, requestId: undefined }),
        'missing_request_id',
        'requestId',
      ],
      [
        'a negative token count',
        JSON.stringify({ ...base, input: { inputTokenCount: -5 } }),
        'bad_token_count',
        'input.inputTokenCount',
      ],
      [
        'a token count that is not a number',
        JSON.stringify({ ...base, output: { outputTokenCount: 'many' } }),
        'bad_token_count',
        'output.outputTokenCount',
      ],
      [
        'another schema type (an offloaded body object)',
        JSON.stringify({ ...base, schemaType: 'Other' }),
        'not_an_invocation_record',
        'schemaType',
      ],
    ];
    for (const [what, text, reason, field] of cases) {
      it(`rejects ${what} as ${reason}`, () => {
        const r = parseRecordLine(text);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.reason).toBe(reason);
          expect(r.field).toBe(field);
        }
      });
    }
  });
});

describe('string fields', () => {
  it('stores a lone surrogate as U+FFFD, as Parquet would read it back', () => {
    const line = JSON.stringify({
      timestamp: '2026-03-02T14:07:31Z',
      requestId: 'abc\ud800-0123456789',
      modelId: 'm',
    });
    const r = parseRecordLine(line);
    expect(r.ok && r.record.request_id).toBe('abc\ufffd-0123456789');
  });
});

describe('parseTimestamp', () => {
  it('returns undefined for dates without a time', () => {
    expect(parseTimestamp('2026-03-02')).toBeUndefined();
  });

  it('rejects dates and times that do not exist instead of rolling them over', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2026-02-29T12:00:00Z',
      '2026-04-31T12:00:00Z',
      '2026-13-01T12:00:00Z',
      '2026-00-10T12:00:00Z',
      '2026-03-00T12:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T14:60:00Z',
      '2026-03-02T14:07:60Z',
      '2026-02-30T00:00:00',
      '2026-02-30T00:00:00+01:00',
      '2026-03-02T14:07:31+24:00',
      '2026-03-02T14:07:31-01:60',
    ]) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });

  it('rejects years before 1970 (the accepted range is checked on records, not here)', () => {
    expect(parseTimestamp('1969-12-31T23:59:59Z')).toBeUndefined();
    expect(parseTimestamp('0026-03-02T14:07:31Z')).toBeUndefined();
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseTimestamp('2019-12-31T23:59:59Z')).toBe(Date.UTC(2019, 11, 31, 23, 59, 59));
  });

  it('accepts 29 February of a leap year, and the last day of each month', () => {
    expect(parseTimestamp('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseTimestamp('2026-04-30T23:59:59Z')).toBe(Date.UTC(2026, 3, 30, 23, 59, 59));
    expect(parseTimestamp('2026-12-31 23:59:59')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
  });

  it('applies an offset, also across a day or month boundary', () => {
    const utc = Date.UTC(2026, 2, 2, 14, 7, 31);
    expect(parseTimestamp('2026-03-02T15:07:31+01:00')).toBe(utc);
    expect(parseTimestamp('2026-03-02T15:07:31+0100')).toBe(utc);
    expect(parseTimestamp('2026-03-02T09:37:31-04:30')).toBe(utc);
    expect(parseTimestamp('2026-03-01T00:30:00+01:00')).toBe(Date.UTC(2026, 1, 28, 23, 30));
    expect(parseTimestamp('2026-02-28T23:30:00-01:00')).toBe(Date.UTC(2026, 2, 1, 0, 30));
  });

  it('keeps milliseconds and truncates finer fractions', () => {
    expect(parseTimestamp('2026-03-02T14:07:31.250Z')).toBe(Date.UTC(2026, 2, 2, 14, 7, 31, 250));
    expect(parseTimestamp('2026-03-02T14:07:31.5Z')).toBe(Date.UTC(2026, 2, 2, 14, 7, 31, 500));
    expect(parseTimestamp('2026-03-02T14:07:31.123987Z')).toBe(Date.UTC(2026, 2, 2, 14, 7, 31, 123));
    expect(parseTimestamp('2026-03-02T14:07Z')).toBe(Date.UTC(2026, 2, 2, 14, 7));
  });
});
