// Which secret belongs to which access key id: each used once, same line first, then the nearest line.

export interface Located {
  line: number;
  /** 1-based column. */
  column: number;
}

/** How far apart (in lines) an id and a secret may be and still be one key: Betterleaks' `WithinLines: 5`. */
export const PAIR_WINDOW_LINES = 5;

/**
 * Pairs ids with secrets and returns `[idIndex, secretIndex]` tuples. Both lists must be sorted by line, then column.
 *
 * - A line with as many ids as secrets pairs them in order (a CSV row, a one-line JSON array of keys); any other
 *   line pairs its nearest columns first.
 * - Then the rest, nearest line first. Ties go to the earlier id and then the earlier secret, which keeps
 *   `id, secret, id, secret` and `secret, id, secret, id` layouts (INI profiles, `create-access-key` JSON) right.
 *   Pairs that cross (`id1, id2, secret1, secret2` makes id2–secret1 first) are then uncrossed where the window
 *   allows: keys are written in the same order as their ids.
 */
export function pairIdsWithSecrets(
  ids: readonly Located[],
  secrets: readonly Located[],
): Array<[number, number]> {
  const idUsed = new Array<boolean>(ids.length).fill(false);
  const secretUsed = new Array<boolean>(secrets.length).fill(false);
  const take = (edges: Edge[]): Array<[number, number]> => {
    const taken: Array<[number, number]> = [];
    edges.sort(compareEdges);
    for (const edge of edges) {
      if (idUsed[edge.id] || secretUsed[edge.secret]) continue;
      idUsed[edge.id] = true;
      secretUsed[edge.secret] = true;
      taken.push([edge.id, edge.secret]);
    }
    return taken;
  };

  const sameLine = take(sameLineEdges(ids, secrets));
  const nearby = uncross(take(nearbyEdges(ids, secrets, idUsed, secretUsed)), ids, secrets);
  return [...sameLine, ...nearby].sort((a, b) => a[0] - b[0]);
}

/** Swaps the secrets of neighbouring pairs whose order disagrees with their ids' order, when both stay in range. */
function uncross(
  pairs: Array<[number, number]>,
  ids: readonly Located[],
  secrets: readonly Located[],
): Array<[number, number]> {
  pairs.sort((a, b) => a[0] - b[0]);
  const inRange = (id: number, secret: number): boolean =>
    Math.abs(ids[id]!.line - secrets[secret]!.line) <= PAIR_WINDOW_LINES;
  // Insertion sort on the secret index by adjacent swaps: crossings are local (within the window), so this is
  // close to linear.
  for (let i = 1; i < pairs.length; i++) {
    for (let j = i; j > 0; j--) {
      const before = pairs[j - 1]!;
      const after = pairs[j]!;
      if (before[1] < after[1] || !inRange(before[0], after[1]) || !inRange(after[0], before[1])) break;
      [before[1], after[1]] = [after[1], before[1]];
    }
  }
  return pairs;
}

interface Edge {
  id: number;
  secret: number;
  distance: number;
}

function compareEdges(a: Edge, b: Edge): number {
  return a.distance - b.distance || a.id - b.id || a.secret - b.secret;
}

function sameLineEdges(ids: readonly Located[], secrets: readonly Located[]): Edge[] {
  const edges: Edge[] = [];
  let s = 0;
  for (let i = 0; i < ids.length;) {
    const line = ids[i]!.line;
    const idEnd = runEnd(ids, i);
    while (s < secrets.length && secrets[s]!.line < line) s++;
    const secretEnd = secrets[s]?.line === line ? runEnd(secrets, s) : s;
    if (idEnd - i === secretEnd - s) {
      // Distance 0: in order, before any column-based edge can win.
      for (let k = 0; k < idEnd - i; k++) edges.push({ id: i + k, secret: s + k, distance: 0 });
    } else {
      for (let a = i; a < idEnd; a++) {
        for (let b = s; b < secretEnd; b++) {
          edges.push({ id: a, secret: b, distance: 1 + Math.abs(ids[a]!.column - secrets[b]!.column) });
        }
      }
    }
    i = idEnd;
  }
  return edges;
}

function nearbyEdges(
  ids: readonly Located[],
  secrets: readonly Located[],
  idUsed: readonly boolean[],
  secretUsed: readonly boolean[],
): Edge[] {
  const edges: Edge[] = [];
  let first = 0;
  for (let a = 0; a < ids.length; a++) {
    if (idUsed[a]) continue;
    const line = ids[a]!.line;
    while (first < secrets.length && secrets[first]!.line < line - PAIR_WINDOW_LINES) first++;
    for (let b = first; b < secrets.length && secrets[b]!.line <= line + PAIR_WINDOW_LINES; b++) {
      if (!secretUsed[b]) edges.push({ id: a, secret: b, distance: Math.abs(secrets[b]!.line - line) });
    }
  }
  return edges;
}

/** Index after the run of items on the same line as `items[start]`. */
function runEnd(items: readonly Located[], start: number): number {
  if (start >= items.length) return start;
  const line = items[start]!.line;
  let end = start;
  while (end < items.length && items[end]!.line === line) end++;
  return end;
}
