import { randomBytes } from 'node:crypto';
import { link, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createExclusive, isErrno, TEMP_PREFIX } from './fs-helpers';

/**
 * A conditional write to the file `target`. `ifAbsent`: a hard link from a complete temp file to
 * the target, which fails when the target exists (atomic, also across processes). `ifMatch`:
 * compares the ETag, then renames over the target; the two steps are not atomic together, which
 * only matters when two processes take over the same expired lease within microseconds.
 * Returns the new ETag (from `etagOf`), or undefined when the condition did not hold.
 */
export async function putIfInFolder(
  target: string,
  body: Uint8Array,
  condition: { ifAbsent: true } | { ifMatch: string },
  etagOf: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const temp = join(dirname(target), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    const handle = await createExclusive(temp);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if ('ifAbsent' in condition) {
      try {
        await link(temp, target);
      } catch (error) {
        if (isErrno(error, 'EEXIST')) return undefined;
        throw error;
      }
      // Before reading the ETag: dropping the temp name changes the inode's change time.
      await unlink(temp);
    } else {
      if ((await etagOf()) !== condition.ifMatch) return undefined;
      await rename(temp, target);
    }
    return await etagOf();
  } finally {
    await unlink(temp).catch(() => {});
  }
}
