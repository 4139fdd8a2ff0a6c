import { ProductEventError } from './errors';

/** Reads and checks the fields of one event's `detail`; every error names the field (`detail.team`). */
export class DetailFields {
  constructor(
    private readonly what: string,
    private readonly detail: Record<string, unknown> | undefined,
    private readonly ErrorType: new (message: string) => ProductEventError = ProductEventError,
  ) {}

  private fail(message: string): never {
    throw new this.ErrorType(`${this.what} event: ${message}`);
  }

  /** A required non-empty string of at most `max` characters. */
  required(field: string, max = 256): string {
    const value = this.optional(field, max);
    if (value === undefined) this.fail(`detail.${field} is required`);
    return value;
  }

  /** An optional non-empty string of at most `max` characters (absent or null: undefined). */
  optional(field: string, max = 256): string | undefined {
    const value = this.detail?.[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(`detail.${field} must be a non-empty string`);
    if (value.length > max) this.fail(`detail.${field} is longer than ${max} characters`);
    return value;
  }

  /** A required UTC day `YYYY-MM-DD`, not before `notBefore` (a day). */
  day(field: string, notBefore: string): string {
    const value = this.required(field, 10);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
      new Date(Date.parse(value) || 0).toISOString().slice(0, 10) !== value
    )
      this.fail(`detail.${field} must be a day YYYY-MM-DD, got '${value}'`);
    if (value < notBefore)
      this.fail(`detail.${field} ${value} is already past (the event is of ${notBefore})`);
    return value;
  }
}
