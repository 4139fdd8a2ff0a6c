/**
 * Parameters of the cost queries: the inclusive day range, the configured unattributed label, and
 * `price_date` — empty to price each day as of that day, or a day (`--reprice`) to price every day
 * at the prices in effect then.
 */
export const costParams = {
  from: { kind: 'date' },
  to: { kind: 'date' },
  unattributed: { kind: 'string' },
  price_date: { kind: 'string', default: '' },
} as const;
