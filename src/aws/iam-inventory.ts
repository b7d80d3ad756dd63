// The IAM calls of `secret-guard audit`, through the run's session: every user (ListUsers, page by page), the
// credential report (GenerateCredentialReport, GetCredentialReport), each user's keys and their last use
// (access-keys.ts), and the deactivation of an unused key. Counts the calls it makes, by API, for the report.
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { getAccessKeyLastUsed, listAccessKeys, type AccessKeyMeta, type LastUsed } from './access-keys.js';
import type { AwsSession } from './session.js';

export interface IamInventory {
  /** One page of ListUsers (`maxItems` 1 to 1000). */
  listUsers(marker: string | null, maxItems: number): Promise<{ userNames: string[]; marker: string | null }>;
  generateCredentialReport(): Promise<string>;
  getCredentialReport(): Promise<{ csv: string; generatedAt: Date }>;
  listAccessKeys(userName: string): Promise<AccessKeyMeta[]>;
  getAccessKeyLastUsed(accessKeyId: string): Promise<LastUsed>;
  updateAccessKey(userName: string, accessKeyId: string, status: 'Inactive'): Promise<void>;
  /** Calls made so far, by API (`iam:ListAccessKeys`), failed ones included. */
  calls(): Record<string, number>;
}

export function iamInventory(session: AwsSession): IamInventory {
  const counts: Record<string, number> = {};
  const counted = async <T>(api: string, run: () => Promise<T>): Promise<T> => {
    counts[api] = (counts[api] ?? 0) + 1;
    return run();
  };
  return {
    async listUsers(marker, maxItems) {
      const out = await counted('iam:ListUsers', async () =>
        session.call('iam:ListUsers', async (abortSignal) =>
          session
            .iam()
            .send(new ListUsersCommand({ MaxItems: maxItems, ...(marker ? { Marker: marker } : {}) }), {
              abortSignal,
            }),
        ),
      );
      return {
        userNames: (out.Users ?? []).flatMap((u) => (u.UserName ? [u.UserName] : [])),
        marker: out.IsTruncated && out.Marker ? out.Marker : null,
      };
    },

    async generateCredentialReport() {
      const out = await counted('iam:GenerateCredentialReport', async () =>
        session.call('iam:GenerateCredentialReport', async (abortSignal) =>
          session.iam().send(new GenerateCredentialReportCommand({}), { abortSignal }),
        ),
      );
      return out.State ?? '';
    },

    async getCredentialReport() {
      const out = await counted('iam:GetCredentialReport', async () =>
        session.call('iam:GetCredentialReport', async (abortSignal) =>
          session.iam().send(new GetCredentialReportCommand({}), { abortSignal }),
        ),
      );
      // The SDK decodes the base64 blob into bytes.
      return {
        csv: Buffer.from(out.Content ?? new Uint8Array()).toString('utf8'),
        generatedAt: out.GeneratedTime ?? new Date(0),
      };
    },

    async listAccessKeys(userName) {
      return counted('iam:ListAccessKeys', async () => listAccessKeys(session, userName));
    },

    async getAccessKeyLastUsed(accessKeyId) {
      return counted('iam:GetAccessKeyLastUsed', async () => getAccessKeyLastUsed(session, accessKeyId));
    },

    async updateAccessKey(userName, accessKeyId, status) {
      await counted('iam:UpdateAccessKey', async () =>
        session.call('iam:UpdateAccessKey', async (abortSignal) =>
          session
            .iam()
            .send(
              new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
              {
                abortSignal,
              },
            ),
        ),
      );
    },

    calls: () => ({ ...counts }),
  };
}
