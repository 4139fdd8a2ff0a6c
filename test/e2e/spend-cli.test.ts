import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { type Invocation, writeLake } from '../support/finops-lake';

const cli = join(process.cwd(), 'dist/cli.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
// `spend` counts back from today (UTC): the lake is dated from the real day, the only place a test may.
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

let lake: string;
beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
  const invocations: Invocation[] = [];
  for (let back = 0; back < 14; back++) {
    // The last 7 days carry twice the traffic of the 7 before.
    for (let k = 0; k < (back < 7 ? 2 : 1); k++) {
      invocations.push({
        day: day(back),
        model: 'amazon.nova-pro-v1:0',
        team: 'support',
        feature: 'triage',
        environment: 'prod',
        input: 40_000,
        output: 9_000,
      });
      invocations.push({
        day: day(back),
        model: 'amazon.nova-lite-v1:0',
        team: 'support',
        feature: 'summary',
        environment: 'dev',
        input: 12_000,
        output: 3_000,
      });
    }
    invocations.push({
      day: day(back),
      model: 'amazon.nova-lite-v1:0',
      team: 'research',
      feature: 'x',
      environment: 'prod',
      input: 9_000,
      output: 1_000,
    });
  }
  lake = writeLake({ invocations, prices: shippedPriceBook() });
}, 300_000);

describe('genai-finops spend', () => {
  it('prints the team’s spend by model, feature and environment, and its change', () => {
    const r = run(['spend', '--team', 'support', '--since', '7d', '--store', lake]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^support: \\$[\\d.,]+ \\(estimate\\) on UTC days ${day(6)} \\.\\. ${day(0)}`),
    );
    expect(r.stdout).toContain('+100.0%');
    for (const heading of ['By model:', 'By feature:', 'By environment:'])
      expect(r.stdout).toContain(heading);
    for (const value of ['amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0', 'triage', 'summary', 'prod', 'dev'])
      expect(r.stdout).toContain(value);
    expect(r.stdout).not.toContain('research');
  });

  it('returns JSON whose model lines add up to the total', () => {
    const r = run(['spend', '--team', 'support', '--since', '24h', '--store', lake, '--format', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      team: string;
      window: { from: string; to: string };
      billedCost: string;
      byModel: { model: string; cents: number | string }[];
    };
    expect(out.team).toBe('support');
    expect(out.window).toEqual({ from: day(0), to: day(0) });
    const sum = out.byModel.reduce((s, l) => s + Number(l.cents), 0);
    expect(sum).toBe(Math.round(Number(out.billedCost) * 100));
    expect(sum).toBeGreaterThan(0);
  });

  describe('edge cases', () => {
    it('says so when the team spent nothing', () => {
      const r = run(['spend', '--team', 'nobody', '--store', lake]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('no spend in this period');
    });

    it('refuses a malformed --since, naming it', () => {
      const r = run(['spend', '--team', 'support', '--since', 'week', '--store', lake]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('--since');
    });
  });
});
