/**
 * FOCUS 1.3 Cost and Usage columns (the version this export targets), as the specification lists
 * them: level (M mandatory, C conditional, R recommended), whether null is allowed, and the data
 * type. Source: FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, `specification/columns/*.md` and the
 * cost_and_usage dataset (the 1.4 column table, minus the columns added in 1.4
 * — CommitmentProgramEligibilityDetails, InvoiceDetailId — plus ProviderName and PublisherName,
 * which 1.3 deprecates and 1.4 removes). Copied in docs/focus-1.3-columns.md with the sources.
 */
export type FocusType = 'Decimal' | 'String' | 'Date/Time' | 'JSON';

export interface FocusColumnSpec {
  name: string;
  level: 'M' | 'C' | 'R';
  nullable: boolean;
  type: FocusType;
}

const c = (
  name: string,
  level: FocusColumnSpec['level'],
  nullable: boolean,
  type: FocusType,
): FocusColumnSpec => ({
  name,
  level,
  nullable,
  type,
});

/** The FOCUS version the export declares. */
export const FOCUS_VERSION = '1.3';

export const FOCUS_COLUMNS: readonly FocusColumnSpec[] = [
  c('AllocatedMethodDetails', 'R', true, 'JSON'),
  c('AllocatedMethodId', 'C', true, 'String'),
  c('AllocatedResourceId', 'C', true, 'String'),
  c('AllocatedResourceName', 'C', true, 'String'),
  c('AllocatedTags', 'C', true, 'JSON'),
  c('AvailabilityZone', 'R', true, 'String'),
  c('BilledCost', 'M', false, 'Decimal'),
  c('BillingAccountId', 'M', false, 'String'),
  c('BillingAccountName', 'M', true, 'String'),
  c('BillingAccountType', 'C', false, 'String'),
  c('BillingCurrency', 'M', false, 'String'),
  c('BillingPeriodEnd', 'M', false, 'Date/Time'),
  c('BillingPeriodStart', 'M', false, 'Date/Time'),
  c('CapacityReservationId', 'C', true, 'String'),
  c('CapacityReservationStatus', 'C', true, 'String'),
  c('ChargeCategory', 'M', false, 'String'),
  c('ChargeClass', 'M', true, 'String'),
  c('ChargeDescription', 'M', true, 'String'),
  c('ChargeFrequency', 'R', false, 'String'),
  c('ChargePeriodEnd', 'M', false, 'Date/Time'),
  c('ChargePeriodStart', 'M', false, 'Date/Time'),
  c('CommitmentDiscountCategory', 'C', true, 'String'),
  c('CommitmentDiscountId', 'C', true, 'String'),
  c('CommitmentDiscountName', 'C', true, 'String'),
  c('CommitmentDiscountQuantity', 'C', true, 'Decimal'),
  c('CommitmentDiscountStatus', 'C', true, 'String'),
  c('CommitmentDiscountType', 'C', true, 'String'),
  c('CommitmentDiscountUnit', 'C', true, 'String'),
  c('ConsumedQuantity', 'C', true, 'Decimal'),
  c('ConsumedUnit', 'C', true, 'String'),
  c('ContractApplied', 'C', true, 'JSON'),
  c('ContractedCost', 'M', false, 'Decimal'),
  c('ContractedUnitPrice', 'C', true, 'Decimal'),
  c('EffectiveCost', 'M', false, 'Decimal'),
  c('HostProviderName', 'M', true, 'String'),
  c('InvoiceId', 'R', true, 'String'),
  c('InvoiceIssuerName', 'M', false, 'String'),
  c('ListCost', 'M', false, 'Decimal'),
  c('ListUnitPrice', 'C', true, 'Decimal'),
  c('PricingCategory', 'C', true, 'String'),
  c('PricingCurrency', 'C', false, 'String'),
  c('PricingCurrencyContractedUnitPrice', 'C', true, 'Decimal'),
  c('PricingCurrencyEffectiveCost', 'C', false, 'Decimal'),
  c('PricingCurrencyListUnitPrice', 'C', true, 'Decimal'),
  c('PricingQuantity', 'M', true, 'Decimal'),
  c('PricingUnit', 'M', true, 'String'),
  c('ProviderName', 'M', false, 'String'),
  c('PublisherName', 'M', false, 'String'),
  c('RegionId', 'C', true, 'String'),
  c('RegionName', 'C', true, 'String'),
  c('ResourceId', 'C', true, 'String'),
  c('ResourceName', 'C', true, 'String'),
  c('ResourceType', 'C', true, 'String'),
  c('ServiceCategory', 'M', false, 'String'),
  c('ServiceName', 'M', false, 'String'),
  c('ServiceProviderName', 'M', false, 'String'),
  c('ServiceSubcategory', 'R', false, 'String'),
  c('SkuId', 'C', true, 'String'),
  c('SkuMeter', 'C', true, 'String'),
  c('SkuPriceDetails', 'C', true, 'JSON'),
  c('SkuPriceId', 'C', true, 'String'),
  c('SubAccountId', 'C', true, 'String'),
  c('SubAccountName', 'C', true, 'String'),
  c('SubAccountType', 'C', true, 'String'),
  c('Tags', 'C', true, 'JSON'),
];

/** ServiceCategory values the specification allows. */
export const SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const;

/** ChargeCategory values the specification allows. */
export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
