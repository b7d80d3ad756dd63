// CloudTrail LookupEvents (AWS JSON 1.1, target com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.*).
// Looks up the management events of the caller's account in the signing region, newest first.
import { createHash } from 'node:crypto';
import { AwsError } from './protocol.js';
import type { EventRecord, HandlerContext } from './state.js';

export type JsonHandler = (ctx: HandlerContext) => Record<string, unknown>;

const NINETY_DAYS_MS = 90 * 24 * 3600 * 1000;
const ATTRIBUTE_KEYS = [
  'AccessKeyId',
  'EventId',
  'EventName',
  'EventSource',
  'ReadOnly',
  'ResourceName',
  'ResourceType',
  'Username',
];

/** The Resources LookupEvents lists for an event, derived from its request parameters. */
function eventResources(event: EventRecord): Array<{ ResourceType: string; ResourceName: string }> {
  const p = event.requestParameters ?? {};
  const out: Array<{ ResourceType: string; ResourceName: string }> = [];
  if (p.accessKeyId) out.push({ ResourceType: 'AWS::IAM::AccessKey', ResourceName: p.accessKeyId });
  if (p.userName) out.push({ ResourceType: 'AWS::IAM::User', ResourceName: p.userName });
  if (p.policyArn) out.push({ ResourceType: 'AWS::IAM::Policy', ResourceName: p.policyArn });
  return out;
}

/** The CloudTrail record (the `CloudTrailEvent` JSON string) of an event. */
function cloudTrailRecord(event: EventRecord): Record<string, unknown> {
  const creationDate = event.sessionIssuedAt?.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const attributes = { creationDate, mfaAuthenticated: 'false' };
  let userIdentity: Record<string, unknown>;
  if (event.sessionIssuer) {
    userIdentity = {
      type: 'AssumedRole',
      principalId: event.principalId,
      arn: event.userArn,
      accountId: event.accountId,
      accessKeyId: event.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: event.sessionIssuer.roleId,
          arn: event.sessionIssuer.arn,
          accountId: event.accountId,
          userName: event.sessionIssuer.roleName,
        },
        attributes,
      },
    };
  } else if (event.userName) {
    userIdentity = {
      type: 'IAMUser',
      principalId: event.principalId,
      arn: event.userArn,
      accountId: event.accountId,
      accessKeyId: event.accessKeyId,
      userName: event.userName,
      ...(event.sessionIssuedAt ? { sessionContext: { attributes } } : {}),
    };
  } else {
    userIdentity = { type: 'Unknown', accountId: event.accountId, accessKeyId: event.accessKeyId };
  }
  return {
    eventVersion: '1.08',
    userIdentity,
    eventTime: event.eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion,
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent ?? 'aws-cli/2',
    ...(event.errorCode ? { errorCode: event.errorCode, errorMessage: event.errorMessage } : {}),
    requestParameters: event.requestParameters ?? null,
    responseElements: null,
    requestID: event.requestId,
    eventID: event.eventId,
    readOnly: event.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.accountId,
    eventCategory: 'Management',
  };
}

function toDate(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d =
    typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new AwsError('ValidationException', 400, `Invalid ${name}`);
  }
  return d;
}

function matches(event: EventRecord, key: string, value: string): boolean {
  switch (key) {
    case 'AccessKeyId':
      return event.accessKeyId === value;
    case 'EventId':
      return event.eventId === value;
    case 'EventName':
      return event.eventName === value;
    case 'EventSource':
      return event.eventSource === value;
    case 'ReadOnly':
      return String(event.readOnly) === value;
    case 'Username':
      return event.userName === value;
    case 'ResourceName':
      return eventResources(event).some((r) => r.ResourceName === value);
    default:
      return eventResources(event).some((r) => r.ResourceType === value);
  }
}

export const CLOUDTRAIL_ACTIONS: Record<string, JsonHandler> = {
  LookupEvents(ctx) {
    ctx.authorize('cloudtrail:LookupEvents', '*');
    const input = ctx.json;
    const attrs = (input.LookupAttributes ?? []) as Array<{
      AttributeKey?: unknown;
      AttributeValue?: unknown;
    }>;
    if (!Array.isArray(attrs) || attrs.length > 1) {
      throw new AwsError(
        'InvalidLookupAttributesException',
        400,
        'You cannot specify more than one lookup attribute.',
      );
    }
    const attr = attrs[0];
    if (attr && (typeof attr.AttributeKey !== 'string' || !ATTRIBUTE_KEYS.includes(attr.AttributeKey))) {
      throw new AwsError(
        'InvalidLookupAttributesException',
        400,
        `Invalid attribute key: ${String(attr.AttributeKey)}`,
      );
    }
    if (attr && (typeof attr.AttributeValue !== 'string' || attr.AttributeValue === '')) {
      throw new AwsError('InvalidLookupAttributesException', 400, 'AttributeValue must not be empty.');
    }
    if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
      throw new AwsError('InvalidEventCategoryException', 400, 'Invalid EventCategory.');
    }
    const max = input.MaxResults === undefined ? 50 : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 50) {
      throw new AwsError('InvalidMaxResultsException', 400, 'MaxResults must be between 1 and 50.');
    }
    const now = ctx.state.now();
    let start = toDate(input.StartTime, 'StartTime') ?? new Date(now.getTime() - NINETY_DAYS_MS);
    let end = toDate(input.EndTime, 'EndTime') ?? now;
    if (start.getTime() > end.getTime()) {
      throw new AwsError('InvalidTimeRangeException', 400, 'Start time must be before end time.');
    }
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([attr ?? null, input.StartTime ?? null, input.EndTime ?? null]))
      .digest('hex')
      .slice(0, 16);
    let after: string | undefined;
    if (input.NextToken !== undefined) {
      let token: { f?: string; a?: string; s?: number; e?: number } | undefined;
      try {
        token = JSON.parse(
          Buffer.from(typeof input.NextToken === 'string' ? input.NextToken : '', 'base64url').toString(
            'utf8',
          ),
        ) as typeof token;
      } catch {
        token = undefined;
      }
      if (!token || token.f !== fingerprint || typeof token.a !== 'string') {
        throw new AwsError('InvalidNextTokenException', 400, 'Invalid NextToken.');
      }
      after = token.a;
      start = new Date(token.s ?? start.getTime());
      end = new Date(token.e ?? end.getTime());
    }
    if (input.EventCategory === 'insight') return { Events: [] };
    const indexed = ctx.state.events.map((e, i) => ({ e, i }));
    const selected = indexed
      .filter(
        ({ e }) =>
          e.accountId === ctx.caller.accountId &&
          e.awsRegion === ctx.region &&
          e.eventTime.getTime() >= start.getTime() &&
          e.eventTime.getTime() <= end.getTime() &&
          (!attr || matches(e, String(attr.AttributeKey), String(attr.AttributeValue))),
      )
      .sort((x, y) => y.e.eventTime.getTime() - x.e.eventTime.getTime() || y.i - x.i)
      .map(({ e }) => e);
    let from = 0;
    if (after !== undefined) {
      const at = selected.findIndex((e) => e.eventId === after);
      if (at < 0) throw new AwsError('InvalidNextTokenException', 400, 'Invalid NextToken.');
      from = at + 1;
    }
    const page = selected.slice(from, from + max);
    const more = from + max < selected.length;
    const last = page[page.length - 1];
    return {
      Events: page.map((e) => ({
        EventId: e.eventId,
        EventName: e.eventName,
        ReadOnly: String(e.readOnly),
        AccessKeyId: e.accessKeyId,
        EventTime: e.eventTime.getTime() / 1000,
        EventSource: e.eventSource,
        ...(e.userName ? { Username: e.userName } : {}),
        Resources: eventResources(e),
        CloudTrailEvent: JSON.stringify(cloudTrailRecord(e)),
      })),
      ...(more && last
        ? {
            NextToken: Buffer.from(
              JSON.stringify({ f: fingerprint, a: last.eventId, s: start.getTime(), e: end.getTime() }),
            ).toString('base64url'),
          }
        : {}),
    };
  },
};
