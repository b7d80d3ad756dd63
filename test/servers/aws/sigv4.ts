// Server-side SigV4 verification (reference 4.5): @smithy/signature-v4 has no verify(), so the request is
// rebuilt with exactly the headers the client signed and signed again with the stored secret.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface ParsedAuthorization {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header) return null;
  const m = AUTH_RE.exec(header.trim());
  if (!m) return null;
  return {
    accessKeyId: m[1]!,
    shortDate: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(';'),
    signature: m[6]!,
  };
}

/** `20150830T123600Z` → Date, or null. */
export function parseAmzDate(value: string | undefined): Date | null {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface RawRequest {
  method: string;
  /** Path without the query, as received. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** True if `auth.signature` is what `secretAccessKey` gives for this request. */
export async function signatureMatches(
  req: RawRequest,
  auth: ParsedAuthorization,
  secretAccessKey: string,
  signingDate: Date,
): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The signer trusts x-amz-content-sha256 as the payload hash: make sure it is the body's.
  const declared = headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== 'UNSIGNED-PAYLOAD') {
    if (declared !== createHash('sha256').update(req.body, 'utf8').digest('hex')) return false;
  }
  const host = headers.host ?? '';
  const colon = host.lastIndexOf(':');
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    sha256: Sha256,
    applyChecksum: false,
  });
  let path = req.path;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    // keep it raw
  }
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: colon > 0 ? host.slice(0, colon) : host,
      port: colon > 0 ? Number(host.slice(colon + 1)) : undefined,
      path,
      query: req.query,
      headers,
      body: req.body,
    },
    {
      signingDate,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
    },
  );
  const expected = parseAuthorization(String(signed.headers.authorization));
  if (!expected) return false;
  if (expected.signedHeaders.join(';') !== auth.signedHeaders.join(';')) return false;
  return timingSafeEqual(Buffer.from(expected.signature), Buffer.from(auth.signature));
}
