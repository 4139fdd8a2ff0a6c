import { col, type TableDef } from '../table-def';

/** Release markers (deploys, prompt or model changes): alerts name the one shortly before a change. */
export const releases: TableDef = {
  name: 'releases',
  description:
    'Release markers per team (and feature): from `genai-finops release add` or the EventBridge event source genai-finops, detail-type Release; partitioned by the UTC day of release_time.',
  partitionKey: 'dt',
  columns: [
    col('release_time', 'timestamp', false, 'When the release went out (UTC).'),
    col('team', 'string', false, 'Team, as in bedrock_invocations.team.'),
    col(
      'feature',
      'string',
      true,
      'Feature, as in bedrock_invocations.feature; null for a whole-team release.',
    ),
    col('version', 'string', false, 'Version, tag or commit that was released.'),
    col('note', 'string', true, 'Free text (what changed).'),
  ],
};
