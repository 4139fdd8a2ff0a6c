/** The environment variable holding the alerts topic's ARN (approval requests are announced there). */
export const ALERTS_TOPIC_ENV = 'GENAI_FINOPS_ALERTS_TOPIC_ARN';
