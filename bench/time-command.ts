import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** What `/usr/bin/time -v` measured of one command. */
export interface Timed {
  stdout: string;
  rssMb: number;
  wallSeconds: number;
  /** User plus system CPU time of the process and its threads: steadier than wall time on a busy machine. */
  cpuSeconds: number;
}

/**
 * Runs `node <args>` under `/usr/bin/time -v` (from Debian's `time` package, as a user would) and
 * reads its peak RSS and wall time; undefined when `/usr/bin/time` is missing. Throws on failure.
 */
export function timeNode(args: string[], env?: NodeJS.ProcessEnv): Timed | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], {
    encoding: 'utf8',
    env: env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr.slice(-2000)}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(run.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(run.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(run.stderr);
  if (!kb || !wall) return undefined;
  return {
    stdout: run.stdout,
    rssMb: Number(kb[1]) / 1024,
    cpuSeconds: Number(user?.[1] ?? 0) + Number(system?.[1] ?? 0),
    wallSeconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
  };
}
