import { Rng } from './rng';

const WORDS = (
  'the a an our your their this that each every new old customer account order invoice refund payment ' +
  'shipment delivery package tracking address billing subscription plan upgrade downgrade renewal ' +
  'discount coupon price total balance charge credit card bank transfer receipt statement support ' +
  'ticket agent team manager engineer product feature release version update bug error issue problem ' +
  'request response message email chat call note comment summary report document policy contract ' +
  'terms privacy security password login session device browser app mobile desktop server network ' +
  'latency outage incident region cluster service queue job batch pipeline dataset index search query ' +
  'result answer question context source article page section paragraph table chart metric cost ' +
  'budget forecast usage quota limit threshold alert dashboard log trace event record field value ' +
  'is was will can should must may might has have had does did not never always often usually quickly ' +
  'slowly carefully clearly again still already yet soon later today yesterday tomorrow week month ' +
  'quarter year morning evening after before during while because although since unless until when ' +
  'where which who whom whose how why what and or but so then also only just even more less most least ' +
  'first second third last next previous same different important urgent minor major critical simple ' +
  'complex expected unexpected missing duplicate delayed failed successful pending resolved open closed ' +
  'review confirm check verify update cancel restore retry escalate assign close reopen merge deploy ' +
  'migrate configure enable disable rotate archive export import schedule notify explain describe ' +
  'compare estimate reduce increase improve optimise monitor investigate reproduce document summarise ' +
  'in on at to from with without for of by about over under between into through across per via'
).split(' ');

const NAMES = [
  'Maria Gomez',
  'Wei Chen',
  'Sam Okafor',
  'Lena Fischer',
  'Raj Patel',
  'Ana Silva',
  'Tom Becker',
  'Yuki Tanaka',
  'Omar Haddad',
  'Chloe Martin',
  'Ivan Petrov',
  'Grace Kim',
  'Luca Rossi',
  'Nia Brown',
];

const IDENTIFIERS = [
  'usage',
  'tokens',
  'invoice',
  'request',
  'response',
  'client',
  'handler',
  'config',
  'record',
  'batch',
  'window',
  'price',
  'model',
  'result',
  'logger',
  'metrics',
  'cache',
  'store',
  'query',
  'rows',
  'team',
];

const CODE_TEMPLATES: readonly ((a: string, b: string, c: string, n: number) => string)[] = [
  (a, b, c) => `  const ${a} = await ${b}.${c}(${a}Id);`,
  (a, b, _c, n) => `  if (${a}.length > ${n}) throw new RangeError('${b} too large');`,
  (a, b, c) => `  for (const ${a} of ${b}) ${c}.push(${a});`,
  (a, b) => `  return { ...${a}, ${b}: ${a}.${b} ?? null };`,
  (a, b, c, n) => `  ${a}.${b} = Math.min(${c}.${b}, ${n});`,
  (a, b, c) => `export function ${a}To${b[0]?.toUpperCase() ?? ''}${b.slice(1)}(${c}: string): number {`,
  (a, b) => `  logger.info('${a} done', { ${b}: ${b}.length });`,
  () => '  }',
  () => '',
  (a, b, _c, n) => `  // TODO: ${a} should not depend on ${b} (#${n})`,
];

/**
 * Text for prompts and completions. Sentences come from a seeded pool so that building a
 * multi-KB body costs a few dozen array picks, not thousands of random words.
 */
export class TextSource {
  private readonly sentences: string[] = [];
  private readonly codeLines: string[] = [];
  private readonly systems = new Map<string, string>();
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
    const rng = Rng.derive(seed, 0x7e47);
    for (let i = 0; i < 512; i++) this.sentences.push(this.sentence(rng));
    for (let i = 0; i < 1024; i++) {
      const template = rng.pick(CODE_TEMPLATES);
      const line = template(
        rng.pick(IDENTIFIERS),
        rng.pick(IDENTIFIERS),
        rng.pick(IDENTIFIERS),
        rng.int(2, 5000),
      );
      this.codeLines.push(line);
    }
  }

  private sentence(rng: Rng): string {
    const count = rng.int(6, 18);
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(rng.pick(WORDS));
    const first = words[0] ?? 'the';
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return `${words.join(' ')}${rng.chance(0.1) ? '?' : '.'}`;
  }

  /**
   * The system prompt of one workload's prompt version: the same text on every call, as in
   * real traffic, which is also what makes prompt caching and gzip work.
   */
  system(workload: number, label: string, version: number, chars: number): string {
    const key = `${workload}:${version}:${chars}`;
    let prompt = this.systems.get(key);
    if (prompt === undefined) {
      const rules = this.prose(Rng.derive(this.seed, 0x5e, workload, version), chars);
      prompt = `You are the ${label} assistant (prompt v${version}). Follow these rules.\n\n${rules}`;
      this.systems.set(key, prompt);
    }
    return prompt;
  }

  /** A person's name, as found in tickets and emails. */
  name(rng: Rng): string {
    return rng.pick(NAMES);
  }

  /** At least `chars` characters of paragraphs, with the odd order number so records differ. */
  prose(rng: Rng, chars: number): string {
    const parts: string[] = [];
    let length = 0;
    let inParagraph = 0;
    while (length < chars) {
      let sentence = rng.pick(this.sentences);
      if (rng.chance(0.15)) sentence = `${sentence.slice(0, -1)} (ref ${rng.int(100_000, 9_999_999)}).`;
      const separator = parts.length === 0 ? '' : inParagraph >= 5 && rng.chance(0.4) ? '\n\n' : ' ';
      inParagraph = separator === '\n\n' ? 0 : inParagraph + 1;
      parts.push(separator, sentence);
      length += separator.length + sentence.length;
    }
    return parts.join('');
  }

  /** A unified diff of at least `chars` characters. */
  diff(rng: Rng, chars: number): string {
    const path = `src/${rng.pick(IDENTIFIERS)}/${rng.pick(IDENTIFIERS)}.ts`;
    const start = rng.int(1, 400);
    const lines = [
      `diff --git a/${path} b/${path}`,
      `--- a/${path}`,
      `+++ b/${path}`,
      `@@ -${start},40 +${start},44 @@`,
    ];
    let length = 0;
    while (length < chars) {
      const mark = rng.chance(0.3) ? '+' : rng.chance(0.15) ? '-' : ' ';
      const line = `${mark}${rng.pick(this.codeLines)}`;
      lines.push(line);
      length += line.length + 1;
    }
    return lines.join('\n');
  }
}
