/** The console's short service names (CSV column headers) and the API's SERVICE values they stand for. */
const SHORT_NAMES: Record<string, string> = {
  Bedrock: 'Amazon Bedrock',
  'EC2-Instances': 'Amazon Elastic Compute Cloud - Compute',
  'EC2-Other': 'EC2 - Other',
  SageMaker: 'Amazon SageMaker',
  S3: 'Amazon Simple Storage Service',
  CloudWatch: 'AmazonCloudWatch',
  Lambda: 'AWS Lambda',
  VPC: 'Amazon Virtual Private Cloud',
  'Elastic Load Balancing': 'Elastic Load Balancing',
  'Key Management Service': 'AWS Key Management Service',
  DynamoDB: 'Amazon DynamoDB',
  'Elastic Container Service for Kubernetes': 'Amazon Elastic Container Service for Kubernetes',
  EKS: 'Amazon Elastic Container Service for Kubernetes',
  'Data Transfer': 'AWS Data Transfer',
  Athena: 'Amazon Athena',
  Glue: 'AWS Glue',
  'Cost Explorer': 'AWS Cost Explorer',
};

/** Marketplace Bedrock models: the console drops "Amazon" and keeps the space: `Claude Sonnet 4.6 ( Bedrock Edition)`. */
const BEDROCK_EDITION = /^(.*?)\s*\(\s*(?:Amazon\s+)?Bedrock Edition\s*\)$/;

/** The API's SERVICE value for a console column header's service name; unknown names are kept as they are. */
export function serviceOfConsoleName(name: string): string {
  const trimmed = name.trim();
  const edition = BEDROCK_EDITION.exec(trimmed);
  if (edition) return `${edition[1]} (Amazon Bedrock Edition)`;
  return SHORT_NAMES[trimmed] ?? trimmed;
}
