// `allow.paths`: micromatch globs against the repository-relative, `/`-separated path. `dot: true`, so that
// `**/fixtures/**` also covers `.github/fixtures/…` and `*.env` covers `.env`-style names where a glob says so.
import micromatch from 'micromatch';

import { type Filter, suppressWhere } from './filter.js';

export function allowedPathFilter(globs: readonly string[]): Filter {
  const allowed = allowedPathMatcher(globs);
  return suppressWhere((detection) => allowed(detection.file));
}

/** Whether `allow.paths` covers a path; also asked of renamed files (scan.ts), by where they came from and went. */
export function allowedPathMatcher(globs: readonly string[]): (path: string) => boolean {
  // Compiled once: the filter runs over every detection of a history scan.
  const matchers = globs.map((glob) => micromatch.matcher(glob, { dot: true }));
  return (file) => {
    const path = file.replace(/^\.\//, '');
    return matchers.some((matches) => matches(path));
  };
}
