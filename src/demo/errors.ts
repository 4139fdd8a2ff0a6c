/** Base class of the synthetic generator's errors. */
export class SyntheticError extends Error {
  override name = 'SyntheticError';
}

/** The built-in organisation table contradicts itself (a bug in the generator, not in the caller's input). */
export class SyntheticOrgError extends SyntheticError {
  override name = 'SyntheticOrgError';
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
