import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../shared/estimate/fan-out';
import { onlyResource, synthStack } from './synth';

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string }[];
  ItemProcessor?: {
    ProcessorConfig: { Mode: string; ExecutionType?: string };
    StartAt: string;
    States: States;
  };
}
type States = Record<string, State>;

/** The definition's JSON, intrinsics replaced by placeholders (only the states' shape matters here). */
function definitionOf(props: Record<string, unknown>): { StartAt: string; States: States } {
  const [, parts] = (props.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : '<intrinsic>')).join(''));
}

/**
 * The states a run enters from `start`, each one transition: `Next` followed, a Choice down its
 * first rule (`large`) or its default. Map states count once here; their iterations separately.
 */
function walk(states: States, start: string, large: boolean): string[] {
  const entered: string[] = [];
  for (let at: string | undefined = start; at !== undefined; ) {
    const state: State | undefined = states[at];
    if (!state) throw new Error(`no state ${at}`);
    entered.push(at);
    at = state.Type === 'Choice' ? (large ? state.Choices?.[0]?.Next : state.Default) : state.Next;
  }
  return entered;
}

describe('the transitions the cost estimate counts for the fanned-out ingest', () => {
  const { template } = synthStack({ config: { ingest: { fanOut: { enabled: true } } } });
  const { States, StartAt } = definitionOf(
    onlyResource(template, 'AWS::StepFunctions::StateMachine').Properties,
  );
  const processor = (name: string) => {
    const p = States[name]?.ItemProcessor;
    if (!p) throw new Error(`${name} is not a Map`);
    return p;
  };
  const days = processor('CompactDays');

  it('returns the states of a run, of a piece (a child execution) and of a small day', () => {
    const run = walk(States, StartAt, false);
    expect(run).toHaveLength(TRANSITIONS.run);
    expect(States[run[run.length - 1] as string]?.End).toBe(true);
    const pieces = processor('StagePieces');
    // A Distributed Map child costs a transition when started, then its own states.
    expect(pieces.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(1 + walk(pieces.States, pieces.StartAt, false).length).toBe(TRANSITIONS.piece);
    expect(days.ProcessorConfig.Mode).toBe('INLINE');
    expect(walk(days.States, days.StartAt, false)).toHaveLength(TRANSITIONS.day);
  });

  it('returns what a large day adds: its step maps and finish, and one state per shuffle or merge step', () => {
    const small = walk(days.States, days.StartAt, false);
    const large = walk(days.States, days.StartAt, true);
    expect(large.length - small.length).toBe(TRANSITIONS.largeDay);
    const maps = large.filter((s) => days.States[s]?.Type === 'Map');
    expect(maps).toEqual(['ShuffleDay', 'MergeDay']);
    for (const name of maps) {
      const steps = days.States[name]?.ItemProcessor;
      expect(steps?.ProcessorConfig.Mode).toBe('INLINE');
      expect(walk(steps?.States ?? {}, steps?.StartAt ?? '', false)).toHaveLength(TRANSITIONS.dayStep);
    }
  });
});
