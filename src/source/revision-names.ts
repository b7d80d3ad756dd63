// What revisions rev-list arguments name, from the text alone: no git process, so that the hook's path, which
// only needs the start of a range, does not load Node's child_process (revisions.ts runs the checks that need git).
/** The revisions named by rev-list arguments: `A..B`, `A...B`, `^A`, `A`; options (`--not`, `--remotes=x`) name none. */
export function namedRevisions(args: readonly string[]): string[] {
  return args.filter((arg) => !arg.startsWith('-')).flatMap(rangeRevisions);
}

/**
 * The revisions whose content rev-list arguments add: `B` of `A..B`, both sides of `A...B`, a bare `A`; not
 * `^A` nor anything after `--not`. (A pushed or named tag among them has a message of its own to scan.)
 */
export function positiveRevisions(args: readonly string[]): string[] {
  const revisions: string[] = [];
  let negated = false;
  for (const arg of args) {
    if (arg === '--not') negated = !negated;
    else if (negated || arg.startsWith('-') || arg.startsWith('^')) continue;
    else if (arg.includes('...')) revisions.push(...rangeRevisions(arg));
    else if (arg.includes('..')) revisions.push(rangeRevisions(arg)[1]!);
    else revisions.push(arg);
  }
  return revisions;
}

/** The endpoints of `A..B` or `A...B` (an empty side means HEAD, as in git), or the one revision `A` / `^A`. */
export function rangeRevisions(range: string): string[] {
  const bare = range.startsWith('^') ? range.slice(1) : range;
  const dots = bare.includes('...') ? '...' : bare.includes('..') ? '..' : null;
  if (dots === null) return [bare];
  const at = bare.indexOf(dots);
  return [bare.slice(0, at) || 'HEAD', bare.slice(at + dots.length) || 'HEAD'];
}
