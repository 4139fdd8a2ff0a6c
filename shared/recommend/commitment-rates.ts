/**
 * Committed-use $/hour per instance type: the "reserved" column of pricing-facts.md §2 [E]
 * (tsaol/aws-gpu all_gpu_instances.js from instances.vantage.sh, 2026-01-21; the term is not stated).
 * Public figures for an estimate only: a real Savings Plan quote comes from Cost Explorer.
 */
export const COMMITMENT_SOURCE =
  "pricing-facts.md §2 [E] 'reserved' $/h (instances.vantage.sh via tsaol/aws-gpu, 2026-01-21; term not stated)";

export const COMMITTED_RATES: Readonly<Record<string, string>> = {
  'g4dn.xlarge': '0.331',
  'g5.xlarge': '0.634',
  'g5.12xlarge': '3.573',
  'g5.48xlarge': '10.261',
  'g6.xlarge': '0.524',
  'g6.12xlarge': '2.996',
  'g6e.xlarge': '1.172',
  'p4d.24xlarge': '13.921',
  'p4de.24xlarge': '17.401',
  'inf2.xlarge': '0.478',
  'inf2.8xlarge': '1.240',
  'inf2.48xlarge': '8.178',
  'trn1.2xlarge': '0.827',
  'trn1.32xlarge': '13.229',
};
