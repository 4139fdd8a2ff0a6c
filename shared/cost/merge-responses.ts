import { type CostCell, dimId, type ParsedResponse } from './cell';
import { CostInputError } from './errors';

const cellKey = (c: CostCell): string => JSON.stringify([c.start, c.end, c.keys]);
const sameAmounts = (a: CostCell, b: CostCell): boolean =>
  a.unblended === b.unblended &&
  a.amortized === b.amortized &&
  a.quantity === b.quantity &&
  a.quantityUnit === b.quantityUnit &&
  a.estimated === b.estimated;

/**
 * Responses with the same groupings become one (pages of one request, files of several days).
 * A group seen twice with the same amounts is one group (an overlapping export); with different
 * amounts the input contradicts itself and is refused, naming both files.
 */
export function mergeByShape(responses: readonly ParsedResponse[]): ParsedResponse[] {
  const byShape = new Map<
    string,
    { merged: ParsedResponse; seen: Map<string, { cell: CostCell; origin: string }> }
  >();
  for (const response of responses) {
    const id = response.shape.map(dimId).join('|');
    let entry = byShape.get(id);
    if (!entry) {
      entry = { merged: { origin: response.origin, shape: response.shape, cells: [] }, seen: new Map() };
      byShape.set(id, entry);
    } else if (!entry.merged.origin.split(', ').includes(response.origin)) {
      entry.merged.origin = `${entry.merged.origin}, ${response.origin}`;
    }
    for (const cell of response.cells) {
      const key = cellKey(cell);
      const before = entry.seen.get(key);
      if (before) {
        if (sameAmounts(before.cell, cell)) continue;
        throw new CostInputError(
          response.origin,
          'ResultsByTime',
          `the group ${cell.keys.join(' / ') || '(total)'} of ${cell.start} has other amounts in ${before.origin}`,
        );
      }
      entry.seen.set(key, { cell, origin: response.origin });
      entry.merged.cells.push(cell);
    }
  }
  return [...byShape.values()].map((e) => e.merged);
}
