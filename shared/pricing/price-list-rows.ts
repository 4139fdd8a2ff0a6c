import { classifyUsageType } from './classify-usage-type';
import { multiplyDecimal } from './decimal-text';
import { compactName, type PriceRow } from './price-row';

/** One parsed Price List product (a `PriceList` entry after `JSON.parse`), the fields read here. */
export interface PriceListProduct {
  product?: { attributes?: Record<string, string | undefined> };
  serviceCode?: string;
  terms?: {
    OnDemand?: Record<
      string,
      {
        effectiveDate?: string;
        priceDimensions?: Record<
          string,
          { unit?: string; description?: string; pricePerUnit?: Record<string, string> }
        >;
      }
    >;
  };
}

/** What reading Price List products gave: rows, and what could not be used (to alert on). */
export interface PriceListReading {
  rows: PriceRow[];
  unclassified: string[];
  unmatched: string[];
  excluded: number;
}

/** Known models and the compact names bills give them (from the price book). */
export type ModelNames = readonly { model: string; names: readonly string[] }[];

function matchModel(
  text: string,
  models: ModelNames,
): { model: string; names: readonly string[] } | undefined {
  const key = compactName(text);
  let best: { model: string; names: readonly string[]; length: number } | undefined;
  for (const m of models) {
    for (const n of m.names) {
      if (key.includes(n) && (!best || n.length > best.length)) best = { ...m, length: n.length };
    }
  }
  return best;
}

/**
 * Turns Price List products (service codes AmazonBedrock, AmazonBedrockFoundationModels,
 * AmazonBedrockService) into price rows per 1M tokens: the model from the `model` attribute, the
 * Marketplace `servicename` or the usage type, matched to `models`; the charge, tier and scope from
 * the usage type (`classifyUsageType`); per-1K prices × 1000 (exactly). USD on-demand terms only.
 */
export function priceRowsFromProducts(
  products: readonly PriceListProduct[],
  models: ModelNames,
  readOn: string,
): PriceListReading {
  const reading: PriceListReading = { rows: [], unclassified: [], unmatched: [], excluded: 0 };
  for (const p of products) {
    const attrs = p.product?.attributes ?? {};
    const usageType = attrs.usagetype ?? '';
    const cls = classifyUsageType(usageType);
    if (cls.kind === 'excluded') {
      reading.excluded++;
      continue;
    }
    if (cls.kind === 'unclassified') {
      reading.unclassified.push(usageType);
      continue;
    }
    const named = `${attrs.model ?? ''} ${attrs.servicename ?? ''} ${usageType}`;
    const model = matchModel(named, models);
    if (!model) {
      reading.unmatched.push(named.trim());
      continue;
    }
    for (const term of Object.values(p.terms?.OnDemand ?? {})) {
      for (const dim of Object.values(term.priceDimensions ?? {})) {
        const usd = dim.pricePerUnit?.USD;
        if (usd === undefined) continue;
        const perMillion = /million/i.test(dim.description ?? '') || /1m/i.test(dim.unit ?? '');
        const price = perMillion ? trim(usd) : multiplyDecimal(trim(usd), '1000');
        for (const scope of cls.scopes) {
          reading.rows.push({
            effectiveDate: (term.effectiveDate ?? readOn).slice(0, 10),
            item: model.model,
            itemKind: 'model',
            region: attrs.regionCode ?? '*',
            scope,
            tier: cls.tier,
            charge: cls.charge,
            unit: '1M tokens',
            price,
            currency: 'USD',
            billingNames: model.names,
            source: `AWS Price List ${p.serviceCode ?? ''} ${usageType} (read ${readOn})`,
            sourceDate: readOn,
          });
        }
      }
    }
  }
  return reading;
}

/** Price List rates carry 10 decimals; the book keeps at most 12. */
function trim(text: string): string {
  const [whole, frac = ''] = text.split('.');
  const cut = frac.slice(0, 12).replace(/0+$/, '');
  return cut ? `${whole}.${cut}` : (whole as string);
}
