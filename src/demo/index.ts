export { SyntheticError, SyntheticOptionsError, SyntheticOrgError } from './errors';
export { generateSyntheticLogs } from './generate';
export type { IncidentKind, InjectedIncident } from './incidents';
export { normalizeModelId, UNATTRIBUTED } from './org';
export { SYNTHETIC_BUCKET } from './records';
export type { GroundTruth, LogSink, SyntheticFaults, SyntheticOptions, TeamModelTotals } from './types';
