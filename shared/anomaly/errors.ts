/** Base class of the anomaly module's errors. */
export class AnomalyError extends Error {
  override name = 'AnomalyError';
}

/** No incident has the id given (alert ack, snooze, not-anomaly). */
export class IncidentNotFoundError extends AnomalyError {
  override name = 'IncidentNotFoundError';
  constructor(readonly id: string) {
    super(`no incident ${id}`);
  }
}

/** A state object kept changing under a conditional update: too many writers at once. */
export class StateConflictError extends AnomalyError {
  override name = 'StateConflictError';
}
