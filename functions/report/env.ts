/** The environment variable holding the reports topic ARN the function publishes to. */
export const REPORTS_TOPIC_ENV = 'GENAI_FINOPS_REPORTS_TOPIC_ARN';
