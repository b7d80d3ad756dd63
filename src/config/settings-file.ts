// Reading a settings file (the configuration, a baseline): a regular file of sane size, or a clear error. A FIFO
// would block the scan waiting for a writer and a device may never end, so neither is read; opening without
// blocking lets the check run before any read.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
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
export async function readSettingsFile(file: string, what: string, maxBytes: number): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
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
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
