import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecordLine, parseTimestamp } from '../../shared/bedrock/parse-record';

const examples = readFileSync(
  new URL('../fixtures/bedrock/reference-examples.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n');
const [converse, streamOffloaded, titan] = examples as [string, string, string];

function ok(line: string, context = {}) {
  const r = parseRecordLine(line, context);
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r.record;
}

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

    it('counts missing token counts of a guardrail-blocked call as zero', () => {
      const r = ok(line({ input: { inputContentType: 'application/json' }, output: {} }));
      expect([r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens]).toEqual([
        0, 0, 0, 0,
      ]);
    });

    it('keeps the errorCode of a failed call', () => {
      const r = ok(line({ errorCode: 'ThrottlingException', output: {} }));
      expect(r.error_code).toBe('ThrottlingException');
      expect(r.output_tokens).toBe(0);
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

describe('parseTimestamp', () => {
  it('returns undefined for dates without a time', () => {
    expect(parseTimestamp('2026-03-02')).toBeUndefined();
  });
});
