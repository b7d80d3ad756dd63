// Wire helpers for the fake AWS server: the AWS Query protocol (IAM, STS: form-encoded requests, XML responses)
// and AWS JSON 1.1 (CloudTrail). Shapes follow the smithy protocol specs and the botocore fixtures quoted in
// /work/shared/reference/aws-leak-response.md section 4.

export type Service = 'iam' | 'sts' | 'cloudtrail';

const XMLNS: Record<'iam' | 'sts', string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

export const API_VERSION: Record<'iam' | 'sts', string> = { iam: '2010-05-08', sts: '2011-06-15' };

/** X-Amz-Target prefixes: botocore's model uses the long form, the JS SDK v3 sends the short one. */
export const CLOUDTRAIL_TARGET_PREFIXES = [
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.',
  'CloudTrail_20131101.',
];

/** A modeled (or AWS-observed) error: wire code, HTTP status, sender or receiver fault. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', 400, message);
}

/** `1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null` */
export function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw validationError(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function escapeXml(text: string): string {
  // Text nodes only (no attribute values are built from input), so quotes stay as they are, as in AWS's answers.
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** `<name>escaped text</name>`, or nothing when the value is undefined. */
export function tag(name: string, value: string | number | boolean | Date | undefined): string {
  if (value === undefined) return '';
  const text = value instanceof Date ? isoSeconds(value) : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<name>children</name>` where the children are already XML. */
export function node(name: string, ...children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** An awsQuery list: `<name><member>…</member>…</name>`. */
export function members(name: string, items: string[]): string {
  return node(name, ...items.map((item) => node('member', item)));
}

/** ISO 8601 without milliseconds, as IAM sends it: `2015-03-13T10:45:00Z`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function querySuccess(
  service: 'iam' | 'sts',
  action: string,
  result: string | undefined,
  requestId: string,
) {
  const resultXml = result === undefined ? '' : node(`${action}Result`, result);
  return (
    `<${action}Response xmlns="${XMLNS[service]}">` +
    resultXml +
    node('ResponseMetadata', tag('RequestId', requestId)) +
    `</${action}Response>`
  );
}

export function queryError(service: 'iam' | 'sts', error: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS[service]}">` +
    node('Error', tag('Type', error.type), tag('Code', error.code), tag('Message', error.message)) +
    tag('RequestId', requestId) +
    `</ErrorResponse>`
  );
}

/** AWS JSON 1.1 error body. The SDK reads the code from `__type` (or the `x-amzn-ErrorType` header). */
export function jsonError(error: AwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}

/** Flattens a JSON request into `a.b.1.c` → string, the way `calls` shows query parameters. */
export function flattenJson(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (Array.isArray(value)) {
    value.forEach((item, i) => flattenJson(item, prefix ? `${prefix}.${i + 1}` : String(i + 1), out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined && value !== null && prefix) {
    out[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Reads an awsQuery list `Name.member.N[.Field]` into an array of records (or strings when there is no field). */
export function queryList(params: Record<string, string>, name: string): Array<Record<string, string>> {
  const items: Array<Record<string, string>> = [];
  const re = new RegExp(`^${name.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.(.+))?$`);
  for (const [key, value] of Object.entries(params)) {
    const m = re.exec(key);
    if (!m) continue;
    const index = Number(m[1]) - 1;
    const item = (items[index] ??= {});
    item[m[2] ?? ''] = value;
  }
  return items.filter((item) => item !== undefined);
}

/**
 * Marker / MaxItems pagination as IAM does it (opaque marker; MaxItems 1..1000, default 100). With `keyOf` (items
 * sorted ascending by it) the marker names the last item returned rather than an offset, so that an item removed
 * between two pages does not make the next page skip one, as with a real service's markers.
 */
export function paginate<T>(
  items: T[],
  params: Record<string, string>,
  markerName = 'Marker',
  limitName = 'MaxItems',
  keyOf?: (item: T) => string,
): { page: T[]; xml: string } {
  const rawLimit = params[limitName];
  let limit = 100;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      const member = limitName.charAt(0).toLowerCase() + limitName.slice(1);
      throw validationError(
        `1 validation error detected: Value '${rawLimit}' at '${member}' failed to satisfy constraint: ` +
          `Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`,
      );
    }
  }
  let start = 0;
  const marker = params[markerName];
  if (marker !== undefined) {
    const decoded = /^(?:o:(\d+)|k:(.*))$/s.exec(Buffer.from(marker, 'base64').toString('utf8'));
    if (!decoded || (decoded[2] !== undefined && !keyOf))
      throw validationError(`Invalid ${markerName}: ${marker}`);
    if (decoded[2] !== undefined && keyOf) {
      const last = decoded[2];
      start = items.findIndex((item) => keyOf(item) > last);
      if (start < 0) start = items.length;
    } else {
      start = Number(decoded[1]);
    }
  }
  const page = items.slice(start, start + limit);
  const next = start + limit;
  const truncated = next < items.length;
  const nextMarker = keyOf && page.length > 0 ? `k:${keyOf(page[page.length - 1]!)}` : `o:${next}`;
  const xml =
    tag('IsTruncated', truncated) +
    (truncated ? tag(markerName, Buffer.from(nextMarker).toString('base64')) : '');
  return { page, xml };
}
