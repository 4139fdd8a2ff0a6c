import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { type CostLine, type GpuHour, type Invocation, writeLake } from './finops-lake';

/** Values callers could put in requestMetadata, planted to prove the report runs none of them. */
export const HOSTILE = {
  team: '<script>window.__pwned = "team"</script>',
  feature: '<img src=x onerror="window.__pwned = \'feature\'">',
  environment: 'javascript:window.__pwned = "environment"',
  formulaTeam: '=HYPERLINK("http://evil.example/","click")',
  caller: 'arn:aws:iam::111122223333:user/<svg onload="window.__pwned=\'caller\'">',
} as const;

/** Ordinary values in the same places, for a report fit to show (the README's screenshot). */
const PLAIN: Record<keyof typeof HOSTILE, string> = {
  team: 'platform',
  feature: 'agent-gateway',
  environment: 'prod',
  formulaTeam: 'growth',
  caller: 'arn:aws:iam::111122223333:user/jdoe',
};

/** The report window of the fixture (a bill arrives for its first two days only). */
export const REPORT_WINDOW = { from: '2026-03-09', to: '2026-03-15' };

const days = (from: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
  );

/**
 * A lake with two weeks of traffic (the report week and the one before), bills for some days,
 * a GPU fleet (an idle instance, non-production on p5, batch in peak hours), business outcomes,
 * untagged callers and the hostile values above.
 */
export function writeReportLake(dir?: string, options: { hostile?: boolean } = {}): string {
  const h: Record<keyof typeof HOSTILE, string> = options.hostile === false ? PLAIN : HOSTILE;
  const invocations: Invocation[] = [];
  const costs: CostLine[] = [];
  const gpu: GpuHour[] = [];
  for (const [i, day] of days('2026-03-02', 14).entries()) {
    const scale = i >= 7 ? 2 : 1;
    for (let k = 0; k < 3 * scale; k++) {
      invocations.push({
        day,
        model: 'amazon.nova-lite-v1:0',
        team: 'support',
        feature: 'ticket-summary',
        environment: 'prod',
        input: 12_000,
        output: 3_000,
      });
      invocations.push({
        day,
        model: 'amazon.nova-pro-v1:0',
        team: 'research',
        feature: 'deep-research',
        environment: 'dev',
        input: 40_000,
        output: 9_000,
      });
    }
    invocations.push({
      day,
      model: 'amazon.nova-lite-v1:0',
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
      input: 500,
      output: 0,
      error: 'ThrottlingException',
    });
    invocations.push({
      day,
      model: 'amazon.nova-lite-v1:0',
      team: h.team,
      feature: h.feature,
      environment: h.environment,
      input: 9_000,
      output: 1_000,
    });
    invocations.push({
      day,
      model: 'amazon.nova-pro-v1:0',
      team: h.formulaTeam,
      feature: 'x',
      environment: 'prod',
      input: 2_000,
      output: 500,
    });
    invocations.push({
      day,
      model: 'amazon.nova-lite-v1:0',
      identityArn: h.caller,
      input: 7_000,
      output: 2_000,
    });
    invocations.push({
      day,
      model: 'amazon.nova-pro-v1:0',
      identityArn: 'arn:aws:sts::111122223333:assumed-role/legacy/session-1',
      input: 3_000,
      output: 1_000,
    });
    if (day === '2026-03-09' || day === '2026-03-10' || day < '2026-03-09') {
      costs.push({ day, service: 'Amazon Bedrock', usageType: 'USE1-NovaLite-input-tokens', cost: '0.0713' });
      costs.push({
        day,
        service: 'Amazon Bedrock',
        usageType: 'USE1-NovaLite-output-tokens',
        cost: '0.0419',
      });
      costs.push({ day, service: 'Amazon Bedrock', usageType: 'USE1-NovaPro-input-tokens', cost: '0.4011' });
      costs.push({ day, service: 'Amazon Bedrock', usageType: 'USE1-NovaPro-output-tokens', cost: '0.3307' });
    }
    if (i >= 7) {
      for (const hour of [3, 10, 14]) {
        const at = `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
        gpu.push({
          hour: at,
          resourceId: 'i-0idle',
          instanceType: 'g5.xlarge',
          util: 2,
          team: 'research',
          environment: 'dev',
          priority: 'low',
        });
        gpu.push({
          hour: at,
          resourceId: 'i-0p5',
          instanceType: 'p5.48xlarge',
          util: 55,
          team: 'research',
          environment: 'staging',
          priority: 'batch',
        });
        gpu.push({
          hour: at,
          resourceId: 'i-0busy',
          instanceType: 'g5.xlarge',
          util: 91,
          team: h.team,
          environment: 'prod',
          priority: 'critical',
        });
      }
    }
  }
  return writeLake({
    dir,
    invocations,
    costs,
    gpu,
    prices: shippedPriceBook(),
    metrics: days('2026-03-09', 7).map((day) => ({
      day,
      team: 'support',
      feature: 'ticket-summary',
      name: 'tickets_resolved',
      value: '40',
    })),
  });
}
