// Reading a file a user names, without blocking on it or reading it without bound: a FIFO blocks
// a read until something writes to it, a device (/dev/zero) never ends, a directory is not a file.
// The profile loader (src/profile/load.ts) and `obstack alloy` refuse the same things with these
// helpers. (A module of its own, with nothing but node:fs: `obstack alloy` must not load the
// loader's dependencies, zod and the profile schema, to read a file.)
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** What a path that is not a regular file is ("a directory", "a FIFO", ...); undefined for a regular file. */
export function notRegularFile(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  return st.isDirectory() ? "a directory" : st.isFIFO() ? "a FIFO" : st.isCharacterDevice() || st.isBlockDevice() ? "a device" : st.isSocket() ? "a socket" : "not a regular file";
}

/** Why a file was refused: its text names the problem, not the path (callers add it). */
export class InputFileError extends Error {}

/**
 * The bytes of a regular file of at most `max` bytes. Throws InputFileError for anything else: a
 * missing or unreadable file (its error code), not a regular file, larger than max (by its size
 * before reading, or by what was read: a file that grows is not read past max + 1 bytes).
 */
export function readRegularFile(path: string, max: number): Buffer {
  const refuse = (st: Stats): void => {
    const what = notRegularFile(st);
    if (what !== undefined) throw new InputFileError(`is ${what}; give a regular file`);
    if (st.size > max) throw new InputFileError(`is ${st.size} bytes; at most ${max} bytes are read`);
  };
  let fd: number | undefined;
  try {
    refuse(statSync(path));
    // O_NONBLOCK: should the path become a FIFO after the stat, opening it does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    refuse(st);
    let buf = Buffer.allocUnsafe(Math.min(max, st.size) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > max) throw new InputFileError(`is larger than ${max} bytes; at most ${max} bytes are read`);
        const bigger = Buffer.allocUnsafe(Math.min(max + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (n > max) throw new InputFileError(`is larger than ${max} bytes; at most ${max} bytes are read`);
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
