// What a leaked key did while exposed, from CloudTrail event history (cloudtrail:LookupEvents by AccessKeyId):
// which API calls, from which source addresses, in which regions. Event history keeps 90 days, is regional, and
// answers at most two lookups per second per account and region, so lookups are few, spaced and capped.
import { LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import { forEachBounded, RateGate } from '../aws/concurrency.js';
import { describeAwsError } from '../aws/errors.js';
import type { AwsSession } from '../aws/session.js';
import type { Logger } from '../logger.js';
import type { Detection, KeyActivity, Verification } from '../types.js';

/** CloudTrail event history keeps 90 days. */
const EVENT_HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;
/** Pages of 50 events read per key and region: a summary, not an export. */
const MAX_PAGES = 4;
/** Keys looked up per run; at 2 lookups a second more would hold the scan for minutes. */
const MAX_KEYS = 20;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface TrailLookup {
  events: TrailEvent[];
  truncated: boolean;
}

/** Who is behind a temporary key, as CloudTrail's userIdentity tells it. */
export interface TrailPrincipal {
  /** `IAMUser`, `AssumedRole`, `FederatedUser`, `Root`, … */
  type: string;
  /** The principal to act on: the IAM user or role that issued the session (the session's own ARN for others). */
  arn: string;
  /** When the session was issued (sessionContext.attributes.creationDate), if CloudTrail says. */
  issuedAt: string | null;
  lastSeen: string | null;
}

interface UserIdentity {
  type?: string;
  arn?: string;
  sessionContext?: {
    sessionIssuer?: { type?: string; arn?: string };
    attributes?: { creationDate?: string };
  };
}

interface TrailRecord {
  eventName?: string;
  eventSource?: string;
  sourceIPAddress?: string;
  awsRegion?: string;
  userIdentity?: UserIdentity;
}

function parseRecord(event: TrailEvent): TrailRecord {
  if (!event.CloudTrailEvent) return {};
  try {
    const parsed: unknown = JSON.parse(event.CloudTrailEvent);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** One page of cloudtrail:LookupEvents for an access key id in one region. */
async function lookupEventsPage(
  session: AwsSession,
  region: string,
  accessKeyId: string,
  since: Date,
  until: Date,
  nextToken: string | undefined,
): Promise<{ events: TrailEvent[]; nextToken: string | null }> {
  const command = new LookupEventsCommand({
    LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }],
    StartTime: since,
    EndTime: until,
    MaxResults: 50,
    NextToken: nextToken,
  });
  const out = await session.call('cloudtrail:LookupEvents', async (abortSignal) =>
    session.cloudTrail(region).send(command, { abortSignal }),
  );
  return { events: out.Events ?? [], nextToken: out.NextToken ?? null };
}

/** Read the events of one access key in the given regions, spaced by `gate`, deduplicated by event id. */
export async function lookupKeyEvents(
  session: AwsSession,
  gate: RateGate,
  accessKeyId: string,
  regions: readonly string[],
  since: Date,
  until: Date,
): Promise<TrailLookup> {
  const seen = new Set<string>();
  const events: TrailEvent[] = [];
  let truncated = false;
  for (const region of regions) {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      await gate.wait();
      const out = await lookupEventsPage(session, region, accessKeyId, since, until, token);
      for (const event of out.events) {
        const id = event.EventId ?? `${event.EventTime?.toISOString()}/${event.EventName}`;
        if (seen.has(id)) continue;
        seen.add(id);
        events.push(event);
      }
      if (!out.nextToken) break;
      token = out.nextToken;
      if (page === MAX_PAGES - 1) truncated = true;
    }
  }
  return { events, truncated };
}

/** Count calls, addresses and regions of a key's events. */
export function summarizeEvents(lookup: TrailLookup, since: Date): KeyActivity {
  const calls = new Map<string, number>();
  const addresses = new Set<string>();
  const regions = new Set<string>();
  for (const event of lookup.events) {
    const record = parseRecord(event);
    const source = (event.EventSource ?? record.eventSource ?? '').replace(/\.amazonaws\.com$/, '');
    const name = event.EventName ?? record.eventName ?? 'unknown';
    const call = source ? `${source}:${name}` : name;
    calls.set(call, (calls.get(call) ?? 0) + 1);
    if (record.sourceIPAddress) addresses.add(record.sourceIPAddress);
    if (record.awsRegion) regions.add(record.awsRegion);
  }
  const activity: KeyActivity = {
    available: true,
    since: since.toISOString(),
    events: lookup.events.length,
    calls: [...calls]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
    sourceAddresses: [...addresses].sort(),
    regions: [...regions].sort(),
  };
  if (lookup.truncated) activity.reason = `summary of the first ${lookup.events.length} events only`;
  return activity;
}

/** The principal behind a (temporary) key: the session issuer where there is one. */
export function principalOfEvents(events: readonly TrailEvent[]): TrailPrincipal | null {
  let best: TrailPrincipal | null = null;
  for (const event of events) {
    const identity = parseRecord(event).userIdentity;
    if (!identity?.type) continue;
    const issuer = identity.sessionContext?.sessionIssuer;
    const arn = issuer?.arn || identity.arn;
    if (!arn) continue;
    const seen = event.EventTime ? event.EventTime.toISOString() : null;
    const issuedAt = identity.sessionContext?.attributes?.creationDate ?? null;
    if (!best) best = { type: identity.type, arn, issuedAt, lastSeen: seen };
    else {
      if (seen && (!best.lastSeen || seen > best.lastSeen)) best.lastSeen = seen;
      if (!best.issuedAt && issuedAt) best.issuedAt = issuedAt;
    }
  }
  return best;
}

/**
 * The start of a key's exposure window: its earliest commit date, never more than 90 days back. A commit date is
 * its author's word (or a skewed clock): one in the future says nothing, and would leave no window at all.
 */
export function exposureStart(detections: readonly Detection[], keyId: string, now: Date): Date {
  const floor = now.getTime() - EVENT_HISTORY_DAYS * DAY_MS;
  let start: number | null = null;
  for (const detection of detections) {
    if (detection.keyId !== keyId || !detection.commit) continue;
    const at = Date.parse(detection.commit.date);
    if (Number.isFinite(at) && at <= now.getTime() && (start === null || at < start)) start = at;
  }
  return new Date(Math.max(floor, Math.min(start ?? floor, now.getTime())));
}

/** Regions to search: the session's, and the one IAM last saw the key used in. */
function regionsFor(session: AwsSession, verification: Verification): string[] {
  const regions = [session.region];
  const used = verification.lastUsedRegion;
  if (used && REGION.test(used) && !regions.includes(used)) regions.push(used);
  return regions;
}

export interface KeyActivityOptions {
  /** The run's AWS session; only used when some key needs asking CloudTrail. */
  session: AwsSession;
  logger: Logger;
  now?: () => Date;
}

const LOOKED_UP: ReadonlySet<Verification['status']> = new Set([
  'active',
  'exposed-id',
  'inactive',
  'not-found',
]);

/** No activity, known without asking CloudTrail (IAM's own last-use record rules it out). */
function notQueried(since: Date, reason: string): KeyActivity {
  return {
    available: true,
    since: since.toISOString(),
    events: 0,
    calls: [],
    sourceAddresses: [],
    regions: [],
    reason,
  };
}

/**
 * Summarise what each of your leaked keys did while exposed (since the commit that added it, or the 90 days of
 * event history). Only for keys verified as yours (`active`, `exposed-id`, `inactive`, `not-found`); a key whose
 * verification already carries an activity (temporary keys, looked up during verification) keeps it. Never throws:
 * a lookup that fails gives `available: false` with the reason. The caller sets `verification.activity` from the
 * returned map.
 */
export async function keyActivity(
  detections: readonly Detection[],
  verifications: ReadonlyMap<string, Verification>,
  options: KeyActivityOptions,
): Promise<Map<string, KeyActivity>> {
  const now = (options.now ?? (() => new Date()))();
  const result = new Map<string, KeyActivity>();
  const wanted: Array<[string, Verification]> = [];
  for (const [keyId, verification] of verifications) {
    if (verification.activity) result.set(keyId, verification.activity);
    else if (LOOKED_UP.has(verification.status)) wanted.push([keyId, verification]);
  }
  // Active keys first: they are the ones a person must act on.
  wanted.sort(([, a], [, b]) => Number(b.status === 'active') - Number(a.status === 'active'));

  const toQuery: Array<[string, Verification, Date]> = [];
  for (const [keyId, verification] of wanted) {
    const since = exposureStart(detections, keyId, now);
    if (verification.lastUsed === null) {
      result.set(keyId, notQueried(since, 'IAM records no use of this key; CloudTrail not queried'));
    } else if (verification.lastUsed && Date.parse(verification.lastUsed) < since.getTime()) {
      result.set(
        keyId,
        notQueried(
          since,
          `IAM's last recorded use (${verification.lastUsed}) is before the exposure began; CloudTrail not queried`,
        ),
      );
    } else if (toQuery.length >= MAX_KEYS) {
      result.set(keyId, {
        available: false,
        reason: `not looked up: more than ${MAX_KEYS} keys (CloudTrail answers 2 lookups per second)`,
      });
    } else toQuery.push([keyId, verification, since]);
  }
  if (toQuery.length === 0) return result;

  const { session } = options;
  const gate = new RateGate(2);
  // Set from inside the workers: once access is denied, the other keys are not tried.
  const denied: { reason: string | null } = { reason: null };
  await forEachBounded(toQuery, 2, async ([keyId, verification, since]) => {
    if (denied.reason) {
      result.set(keyId, { available: false, reason: `CloudTrail not read: ${denied.reason}` });
      return;
    }
    try {
      const regions = regionsFor(session, verification);
      const lookup = await lookupKeyEvents(session, gate, keyId, regions, since, now);
      result.set(keyId, summarizeEvents(lookup, since));
    } catch (error) {
      const failure = describeAwsError(error, 'cloudtrail:LookupEvents', { region: session.region });
      if (failure.kind === 'access-denied' || failure.kind === 'no-credentials')
        denied.reason = failure.reason;
      result.set(keyId, { available: false, reason: `CloudTrail not read: ${failure.reason}` });
    }
  });
  if (denied.reason) options.logger.warn(`key activity unavailable: ${denied.reason}`);
  return result;
}
