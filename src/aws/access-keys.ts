// What IAM and STS say about an access key, signed with secret-guard's own credentials: its account, its last use,
// and its user's keys. Read-only; shared by verify and the audit.
import { GetAccessKeyLastUsedCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand } from '@aws-sdk/client-sts';
import type { AwsSession } from './session.js';

export interface AccessKeyMeta {
  accessKeyId: string;
  status: string;
  created: string | null;
}

export interface LastUsed {
  userName: string | null;
  date: string | null;
  service: string | null;
  region: string | null;
}

/** sts:GetAccessKeyInfo: the account of any key id (signed with our credentials, so it cannot set off a canary). */
export async function getAccessKeyInfo(session: AwsSession, accessKeyId: string): Promise<string> {
  const out = await session.call('sts:GetAccessKeyInfo', async (abortSignal) =>
    session.sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: accessKeyId }), { abortSignal }),
  );
  return out.Account ?? '';
}

/** iam:GetAccessKeyLastUsed: the key's user and when, where and with what service it was last used. */
export async function getAccessKeyLastUsed(session: AwsSession, accessKeyId: string): Promise<LastUsed> {
  const out = await session.call('iam:GetAccessKeyLastUsed', async (abortSignal) =>
    session.iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }), { abortSignal }),
  );
  const used = out.AccessKeyLastUsed;
  const known = (value: string | undefined) => (value && value !== 'N/A' ? value : null);
  return {
    userName: out.UserName ?? null,
    date: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null,
    service: known(used?.ServiceName),
    region: known(used?.Region),
  };
}

/** iam:ListAccessKeys: a user's keys with their status and creation date. */
export async function listAccessKeys(session: AwsSession, userName: string): Promise<AccessKeyMeta[]> {
  const keys: AccessKeyMeta[] = [];
  let marker: string | undefined;
  // A user has at most two keys; the loop is for the contract, and capped so a broken server cannot spin it.
  for (let page = 0; page < 10; page++) {
    const out = await session.call('iam:ListAccessKeys', async (abortSignal) =>
      session.iam().send(new ListAccessKeysCommand({ UserName: userName, Marker: marker }), { abortSignal }),
    );
    for (const key of out.AccessKeyMetadata ?? []) {
      if (!key.AccessKeyId) continue;
      keys.push({
        accessKeyId: key.AccessKeyId,
        status: key.Status ?? 'unknown',
        created: key.CreateDate ? key.CreateDate.toISOString() : null,
      });
    }
    if (!out.IsTruncated || !out.Marker) break;
    marker = out.Marker;
  }
  return keys;
}
