/** Usage-type prefixes of Regions as Cost Explorer and the Price List spell them. */
const PREFIX_REGIONS: Record<string, string> = {
  USE1: 'us-east-1',
  USE2: 'us-east-2',
  USW1: 'us-west-1',
  USW2: 'us-west-2',
  UGW1: 'us-gov-west-1',
  UGE1: 'us-gov-east-1',
  CAN1: 'ca-central-1',
  CAN2: 'ca-west-1',
  EU: 'eu-west-1',
  EUW1: 'eu-west-1',
  EUW2: 'eu-west-2',
  EUW3: 'eu-west-3',
  EUC1: 'eu-central-1',
  EUC2: 'eu-central-2',
  EUN1: 'eu-north-1',
  EUS1: 'eu-south-1',
  EUS2: 'eu-south-2',
  APN1: 'ap-northeast-1',
  APN2: 'ap-northeast-2',
  APN3: 'ap-northeast-3',
  APS1: 'ap-southeast-1',
  APS2: 'ap-southeast-2',
  APS3: 'ap-south-1',
  APS4: 'ap-southeast-3',
  APS5: 'ap-south-2',
  APS6: 'ap-southeast-4',
  APE1: 'ap-east-1',
  SAE1: 'sa-east-1',
  MES1: 'me-south-1',
  MEC1: 'me-central-1',
  AFS1: 'af-south-1',
  ILC1: 'il-central-1',
};

/** EC2-style usage types without a prefix (`BoxUsage:p4d.24xlarge`) are us-east-1's. */
const UNPREFIXED_US_EAST_1 = /^[A-Za-z]+Usage[A-Za-z]*:/;

/** The Region a usage type was used in, from its prefix (`USW2-…`), or undefined. */
export function regionOfUsageType(usageType: string): string | undefined {
  const dash = usageType.indexOf('-');
  if (dash > 0) {
    const region = PREFIX_REGIONS[usageType.slice(0, dash)];
    if (region) return region;
  }
  // Marketplace usage types: `USE1_InputTokenCount-Units`.
  const underscore = /^([A-Z]{2,4}\d?)_/.exec(usageType);
  if (underscore?.[1] && PREFIX_REGIONS[underscore[1]]) return PREFIX_REGIONS[underscore[1]];
  return UNPREFIXED_US_EAST_1.test(usageType) ? 'us-east-1' : undefined;
}
