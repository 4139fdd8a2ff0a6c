import type { LogStream } from './org';
import type { Rng } from './rng';

const pad = (n: number) => String(n).padStart(2, '0');

/** `<prefix>/AWSLogs/<acct>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/`: the UTC hour folder. */
export function hourFolder(keyPrefix: string, stream: LogStream, hourStartMs: number): string {
  const d = new Date(hourStartMs);
  const date = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
  return `${keyPrefix}AWSLogs/${stream.accountId}/BedrockModelInvocationLogs/${stream.region}/${date}/`;
}

/** `<YYYYMMDD>T<HHMMSS><mmm>Z_<16 hex>.json.gz`, named after the delivery time. */
export function objectName(deliveredMs: number, rng: Rng): string {
  const iso = new Date(deliveredMs).toISOString();
  const date = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
  const time = `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}`;
  return `${date}T${time}Z_${rng.hex(16)}.json.gz`;
}
