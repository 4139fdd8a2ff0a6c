import type { IngestSummary } from '../../shared/bedrock';
import type { RebuildSummary } from '../../shared/bedrock/rebuild';
import { bytes, int } from './format';

/** The human-readable summary of an ingest run. */
export function describeIngest(s: IngestSummary): string {
  const lines = [
    `Ingested Bedrock invocation logs from ${s.source}`,
    `  units     ${int(s.unitsSeen)} folders: ${int(s.unitsRead)} read, ${int(s.unitsUnchanged)} unchanged since last run${s.unitsFailed.length ? `, ${s.unitsFailed.length} FAILED` : ''}`,
    `  read      ${int(s.filesRead)} files, ${bytes(s.bytesRead)} (${bytes(s.bytesDecompressed)} uncompressed), ${int(s.linesRead)} lines`,
    `  wrote     ${int(s.recordsWritten)} invocations in ${s.partitions.length} day partition${s.partitions.length === 1 ? '' : 's'} of bedrock_invocations under ${s.store}`,
    `  dropped   ${int(s.duplicatesDropped)} duplicate deliveries (same requestId)${s.duplicatesConflicting ? `, ${int(s.duplicatesConflicting)} with different content (the record with the most tokens was kept)` : ''}`,
  ];
  const reasons = Object.entries(s.rejectReasons)
    .map(([r, n]) => `${r} ${int(n ?? 0)}`)
    .join(', ');
  lines.push(`  rejected  ${int(s.linesRejected)} lines${reasons ? `: ${reasons}` : ''}`);
  // Files relative to the source, which the first line names in full.
  const rel = (file: string) => (file.startsWith(`${s.source}/`) ? file.slice(s.source.length + 1) : file);
  for (const x of s.rejectSamples.slice(0, 5)) {
    lines.push(`            ${rel(x.file)}:${x.line} ${x.reason}${x.field ? ` (${x.field})` : ''}`);
  }
  for (const d of s.damagedObjects) {
    lines.push(`  damaged   ${rel(d.file)}: ${d.message}; its complete lines were kept`);
  }
  for (const f of s.unitsFailed)
    lines.push(`  FAILED    ${f.folder}: ${f.code ? `${f.code} ` : ''}${f.error}`);
  const skipped = Object.entries(s.filesSkipped).map(([r, n]) => `${r} ${int(n ?? 0)}`);
  if (skipped.length) lines.push(`  skipped   ${skipped.join(', ')} (not invocation records)`);
  lines.push(`  took      ${s.seconds.toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

/** The human-readable summary of a rebuild: what it rewrote and whom it re-attributed. */
export function describeRebuild(r: RebuildSummary): string {
  const lines = [
    `Rebuilt ${r.partitions.length} day partition${r.partitions.length === 1 ? '' : 's'} of bedrock_invocations (${int(r.recordsWritten)} invocations) from the staged extracts`,
  ];
  for (const d of r.settingsChanged) lines.push(`  setting   ${d}`);
  const teams = Object.entries(r.teamsChanged);
  if (teams.length === 0) lines.push('  teams     no row changed team');
  else {
    lines.push(`  teams     ${int(r.rowsReattributed)} rows re-attributed:`);
    for (const [team, n] of teams) lines.push(`            ${n > 0 ? '+' : ''}${int(n)} ${team}`);
  }
  return `${lines.join('\n')}\n`;
}
