/** Base class of the synthetic generator's errors. */
export class SyntheticError extends Error {
  override name = 'SyntheticError';
}

/** An option of `generateSyntheticLogs` is out of range; `option` names it. */
export class SyntheticOptionsError extends SyntheticError {
  override name = 'SyntheticOptionsError';
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`invalid synthetic option ${option}: ${problem}`);
  }
}
