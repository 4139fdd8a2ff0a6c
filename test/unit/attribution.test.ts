import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../shared/bedrock/attribution';
import { parseConfig } from '../../shared/config';

const role = 'arn:aws:sts::111122223333:assumed-role/support-bot-prod/i-0abc12';

describe('createAttributor', () => {
  it('reads team, feature and environment from request metadata, environment also from env', () => {
    const attribute = createAttributor(parseConfig({}).attribution);
    expect(attribute({ team: 'support', feature: 'ticket-summary', env: 'prod' }, role)).toEqual({
      team: 'support',
      feature: 'ticket-summary',
      environment: 'prod',
    });
  });

  it('returns unattributed, never a guess from the role name, when nothing says', () => {
    const attribute = createAttributor(parseConfig({}).attribution);
    expect(attribute(undefined, role)).toEqual({
      team: 'unattributed',
      feature: 'unattributed',
      environment: 'unattributed',
    });
  });

  it('uses configured key names', () => {
    const config = parseConfig({ attribution: { tagKeys: { team: ['cost-center', 'team'] } } });
    const attribute = createAttributor(config.attribution);
    expect(attribute({ 'cost-center': 'cc-12', team: 'x' }, null).team).toBe('cc-12');
    expect(attribute({ team: 'x' }, null).team).toBe('x');
  });

  it('falls back to the identity mapping per dimension, matching the role of an assumed-role session', () => {
    const config = parseConfig({
      attribution: {
        identities: [
          { match: 'arn:aws:iam::111122223333:role/support-bot-*', team: 'support', environment: 'prod' },
          { match: '*', feature: 'catch-all' },
        ],
      },
    });
    const attribute = createAttributor(config.attribution);
    expect(attribute({ feature: 'faq' }, role)).toEqual({
      team: 'support',
      feature: 'faq',
      environment: 'prod',
    });
    expect(attribute(undefined, role)).toEqual({
      team: 'support',
      feature: 'catch-all',
      environment: 'prod',
    });
    expect(attribute(undefined, 'arn:aws:iam::111122223333:user/alice').team).toBe('unattributed');
  });

  it('ignores blank metadata values', () => {
    const attribute = createAttributor(parseConfig({}).attribution);
    expect(attribute({ team: '  ' }, null).team).toBe('unattributed');
  });
});
