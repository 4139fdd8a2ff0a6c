import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { NotificationsConfig } from '../../shared/config/notifications-schema';
import { topicsKey } from './topics-key';

/** Props of {@link NotificationTopics}. */
export interface NotificationTopicsProps {
  /** E-mail recipients from the configuration. */
  notifications: NotificationsConfig;
  /** The operations topic, for the operators' e-mail subscriptions. */
  opsTopic: sns.ITopic;
}

/** Message attribute carrying the team of an alert; each team's subscriptions filter on it. */
export const TEAM_ATTRIBUTE = 'team';

/** A construct id from an address (ids may not contain `/`; addresses are unique per topic). */
const idOf = (...parts: string[]) => parts.join('-').replace(/\//g, '_');

/**
 * The alerts and reports topics with their e-mail subscriptions. Both are encrypted with the
 * topics' one customer managed key (`topicsKey`, shared with the operations topic): the pipeline's
 * functions publish through IAM grants (`grantPublish`, which also grants the key), and the key
 * policy lets CloudWatch alarms publish too, which the AWS-managed SNS key would silently refuse.
 * TLS-only.
 */
export class NotificationTopics extends Construct {
  /** Per-team FinOps alerts (anomalies, budgets, guardrails); publish with the `team` attribute. */
  readonly alertsTopic: sns.Topic;
  /** Weekly and monthly reports. */
  readonly reportsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: NotificationTopicsProps) {
    super(scope, id);
    const key = topicsKey(scope);
    const topic = (topicId: string, displayName: string) =>
      new sns.Topic(this, topicId, { displayName, masterKey: key, enforceSSL: true });
    this.alertsTopic = topic('Alerts', 'GenAI FinOps alerts');
    this.reportsTopic = topic('Reports', 'GenAI FinOps reports');

    const { reports, teams, opsEmails } = props.notifications;
    for (const address of reports) this.subscribe(this.reportsTopic, idOf('Report', address), address);
    for (const [team, addresses] of Object.entries(teams)) {
      for (const address of addresses) {
        this.subscribe(this.alertsTopic, idOf('Alert', team, address), address, {
          [TEAM_ATTRIBUTE]: sns.SubscriptionFilter.stringFilter({ allowlist: [team] }),
        });
      }
    }
    for (const address of opsEmails) this.subscribe(props.opsTopic, idOf('Ops', address), address);
  }

  private subscribe(
    topic: sns.ITopic,
    id: string,
    address: string,
    filterPolicy?: Record<string, sns.SubscriptionFilter>,
  ): void {
    new sns.Subscription(this, id, {
      topic,
      protocol: sns.SubscriptionProtocol.EMAIL,
      endpoint: address,
      ...(filterPolicy ? { filterPolicy } : {}),
    });
  }
}
