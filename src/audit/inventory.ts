// What the audit knows about an account's access keys, whichever way it was read (credential report or listing).

type InventorySourceUsed = 'credential-report' | 'listing';

/** A key's last use as IAM reports it. `date: null`: never used (since IAM began tracking, April 2015). */
export interface LastUse {
  date: Date | null;
  service: string | null;
  region: string | null;
}

export interface AuditedKey {
  userName: string;
  /**
   * The key id; null when only the credential report described the key (it names no ids) and the listing that
   * would name it was not needed or failed.
   */
  accessKeyId: string | null;
  /** `Active`, `Inactive` (IAM also knows `Expired`): anything but Active cannot sign. */
  status: string;
  /** When the key was created (the credential report's `last_rotated`). */
  created: Date;
  /** null: not read (the listing skips it for keys that are not active). */
  lastUsed: LastUse | null;
}

export type UserFailureKind = 'access-denied' | 'throttled' | 'timeout' | 'unreadable' | 'other';

/** A user whose keys could not be read (or only partly): reported per user, the audit goes on. */
export interface UserFailure {
  userName: string;
  kind: UserFailureKind;
  /** One line naming the call, and for a denial the permission. */
  reason: string;
  /**
   * The user's keys were still judged in full (the credential report described them); only their ids are missing.
   * False: something out of policy may hide behind the failure, so the audit is partial.
   */
  judged: boolean;
}

export interface Inventory {
  source: InventorySourceUsed;
  /** The moment the data describes: the credential report's GeneratedTime, or the start of the listing. */
  asOf: Date;
  /** Users seen (root excluded). */
  users: number;
  keys: AuditedKey[];
  /** Users whose keys could not be read: what they hold is unknown, so the audit is partial. */
  failures: UserFailure[];
  /** Users deleted while the audit ran (NoSuchEntity): their keys are gone with them. */
  gone: string[];
  /** What a person should know about how the inventory was read (a fallback, a denied permission). */
  notes: string[];
}
