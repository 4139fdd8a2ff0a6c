import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PriceListSource } from '../../../shared/adapters/aws/price-list-source';
import { classifyUsageType } from '../../../shared/pricing/classify-usage-type';
import { readPriceList } from '../../../shared/pricing/refresh';
import { shippedPriceBook } from '../../../shared/pricing/shipped-book';

const pricing = mockClient(PricingClient);

/** A product in the shape of pricing-facts.md §3 (each PriceList entry is a JSON string). */
function product(
  serviceCode: string,
  attributes: Record<string, string>,
  usd: string,
  description: string,
  unit = 'Units',
) {
  return JSON.stringify({
    product: {
      sku: 'SKU1',
      productFamily: 'Generative AI',
      attributes: { regionCode: 'us-east-1', ...attributes },
    },
    serviceCode,
    terms: {
      OnDemand: {
        'SKU1.JRTCKXETXF': {
          effectiveDate: '2026-09-01T00:00:00Z',
          priceDimensions: {
            'SKU1.JRTCKXETXF.6YS6EN2CT7': {
              unit,
              beginRange: '0',
              endRange: 'Inf',
              description,
              pricePerUnit: { USD: usd },
            },
          },
        },
      },
    },
    version: '20260901000000',
    publicationDate: '2026-09-01T00:00:00Z',
  });
}

describe('classifyUsageType', () => {
  it.each([
    ['USE1-NovaMicro-input-tokens', 'input', 'standard', ['in-region', 'geo']],
    ['USE1-NovaPro-input-tokens-latency-optimized', 'input', 'latency-optimized', ['in-region', 'geo']],
    ['USE1-Nova2.0Lite-cache-read-input-token-count', 'cache_read', 'standard', ['in-region', 'geo']],
    ['USE1-MP:USE1_InputTokenCount_Global-Units', 'input', 'standard', ['global']],
    ['USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units', 'cache_write_1h', 'standard', ['global']],
    ['USE1_input_tokens_global_standard-Units', 'input', 'standard', ['global']],
    ['USE1-openai.gpt-oss-120b-mantle-input-tokens-standard', 'input', 'standard', ['in-region', 'geo']],
    ['USE1-NovaMicro-batch-output-tokens', 'output', 'batch', ['in-region', 'geo']],
  ])('%s → %s %s', (usageType, charge, tier, scopes) => {
    expect(classifyUsageType(usageType)).toEqual({ kind: 'token', charge, tier, scopes });
  });

  it('excludes long-context, speech and image usage types and keeps unknown grammars apart', () => {
    expect(classifyUsageType('USE1-Claude4Sonnet-output-tokens-long-context-cross-region-global').kind).toBe(
      'excluded',
    );
    expect(classifyUsageType('USE1-NovaSonic-speech-input-tokens').kind).toBe('excluded');
    expect(classifyUsageType('USE1-NovaCanvas-image-generation').kind).toBe('excluded');
    expect(classifyUsageType('USE1-SomethingNew-Units')).toEqual({ kind: 'unclassified' });
  });
});

describe('PriceListSource and readPriceList', () => {
  beforeEach(() => pricing.reset());

  it('pages with NextToken, parses the JSON strings and prices per 1M tokens exactly', async () => {
    pricing
      .on(GetProductsCommand, { ServiceCode: 'AmazonBedrock' })
      .resolvesOnce({
        FormatVersion: 'aws_v1',
        PriceList: [
          product(
            'AmazonBedrock',
            { model: 'Nova Micro', usagetype: 'USE1-NovaMicro-input-tokens' },
            '0.0000350000',
            '$0.000035 per 1K input tokens',
            '1K tokens',
          ),
        ],
        NextToken: 'page-2',
        $metadata: {},
      })
      .resolvesOnce({
        FormatVersion: 'aws_v1',
        PriceList: [
          product(
            'AmazonBedrock',
            { model: 'Nova Micro', usagetype: 'USE1-NovaMicro-output-tokens' },
            '0.0001400000',
            '$0.00014 per 1K output tokens',
            '1K tokens',
          ),
          product(
            'AmazonBedrock',
            { model: 'Nova Canvas', usagetype: 'USE1-NovaCanvas-image-generation' },
            '0.04',
            'per image',
          ),
          product(
            'AmazonBedrock',
            { model: 'Qwen 9', usagetype: 'USE1-Qwen9-input-tokens' },
            '0.0001',
            'per 1K input tokens',
          ),
        ],
        $metadata: {},
      });
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonBedrockFoundationModels' }).resolves({
      PriceList: [
        product(
          'AmazonBedrockFoundationModels',
          {
            servicename: 'Claude Haiku 4.5 (Amazon Bedrock Edition)',
            usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units',
          },
          '1.0000000000',
          'Million Input Tokens Global',
        ),
        product(
          'AmazonBedrockFoundationModels',
          {
            servicename: 'Claude Haiku 4.5 (Amazon Bedrock Edition)',
            usagetype: 'USE1-MP:USE1_Mystery-Units',
          },
          '1',
          'Million',
        ),
      ],
      $metadata: {},
    });
    pricing
      .on(GetProductsCommand, { ServiceCode: 'AmazonBedrockService' })
      .resolves({ PriceList: [], $metadata: {} });

    const source = new PriceListSource(new PricingClient({ region: 'us-east-1' }));
    const reading = await readPriceList(source, ['us-east-1'], shippedPriceBook(), '2026-12-01');
    expect(source.requests).toBe(4);
    const firstCall = pricing.commandCalls(GetProductsCommand)[0]?.args[0].input;
    expect(firstCall?.Filters).toEqual([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }]);
    expect(pricing.commandCalls(GetProductsCommand)[1]?.args[0].input.NextToken).toBe('page-2');
    expect(reading.rows.map((r) => [r.item, r.scope, r.charge, r.price, r.effectiveDate, r.region])).toEqual([
      ['amazon.nova-micro-v1:0', 'in-region', 'input', '0.035', '2026-09-01', 'us-east-1'],
      ['amazon.nova-micro-v1:0', 'geo', 'input', '0.035', '2026-09-01', 'us-east-1'],
      ['amazon.nova-micro-v1:0', 'in-region', 'output', '0.14', '2026-09-01', 'us-east-1'],
      ['amazon.nova-micro-v1:0', 'geo', 'output', '0.14', '2026-09-01', 'us-east-1'],
      ['anthropic.claude-haiku-4-5-20251001-v1:0', 'global', 'input', '1', '2026-09-01', 'us-east-1'],
    ]);
    expect(reading.excluded).toBe(1);
    expect(reading.unmatched).toEqual(['Qwen 9  USE1-Qwen9-input-tokens']);
    expect(reading.unclassified).toEqual(['USE1-MP:USE1_Mystery-Units']);
  });

  it('fails naming the service when an entry is not JSON', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: ['{not json'], $metadata: {} });
    const source = new PriceListSource(new PricingClient({ region: 'us-east-1' }));
    await expect(source.products('AmazonBedrock', 'us-east-1')).rejects.toThrow(
      /AmazonBedrock us-east-1: PriceList\[0\]/,
    );
  });
});
