// Reading a settings file (the configuration, a baseline): a regular file of sane size, or a clear error. A FIFO
// would block the scan waiting for a writer and a device may never end, so neither is read; opening without
// blocking lets the check run before any read. Synchronous: on the pre-commit hook's path, node:fs/promises would
// load Node's stream modules for one small read.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

const MB = 1024 * 1024;

/** Why a settings file of `size` bytes is not read (also for one in a revision, `<rev>:<path>`). */
export function tooLarge(what: string, file: string, size: number, maxBytes: number): string {
  return `${what} ${file} is ${(size / MB).toFixed(1)} MB, over the ${maxBytes / MB} MB limit: is it the right file?`;
}

/**
 * The text of `file`, described to the user as `what` ("config", "baseline"). Throws ConfigError when it is not
 * a regular file or is larger than `maxBytes`; the file system's own error (ENOENT…) when it cannot be opened.
 */
export function readSettingsFile(file: string, what: string, maxBytes: number): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      const kind = info.isFIFO()
        ? 'a FIFO'
        : info.isDirectory()
          ? 'a folder'
          : info.isCharacterDevice() || info.isBlockDevice()
            ? 'a device'
            : 'not a regular file';
      throw new ConfigError(`${what} ${file} is ${kind}, not a file: name a regular file`);
    }
    if (info.size > maxBytes) throw new ConfigError(tooLarge(what, file, info.size, maxBytes));
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
