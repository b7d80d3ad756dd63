// IAM actions (AWS Query protocol, version 2010-05-08). Each handler returns the inner XML of `<Action>Result`,
// or undefined for operations with no output.
import { generateReport, getReport } from './credential-report.js';
import { AwsError, members, node, paginate, queryList, required, tag, validationError } from './protocol.js';
import { policyProblem, type PolicyDocument } from './policy.js';
import {
  roleArn,
  userArn,
  type HandlerContext,
  type InlinePolicy,
  type KeyRecord,
  type RoleRecord,
  type UserRecord,
} from './state.js';

export type QueryHandler = (ctx: HandlerContext) => string | undefined;

const USER_NAME_RE = /^[\w+=,.@-]{1,128}$/;
const POLICY_NAME_RE = /^[\w+=,.@-]{1,128}$/;
const ACCESS_KEY_ID_RE = /^\w{16,128}$/;
const MAX_INLINE_POLICY_BYTES = 2048;
const MAX_ROLE_INLINE_POLICY_BYTES = 10_240;
const MAX_ATTACHED = 10;
const MAX_TAGS = 50;
const MAX_KEYS = 2;

function noSuchUser(name: string): AwsError {
  return new AwsError('NoSuchEntity', 404, `The user with name ${name} cannot be found.`);
}

function noSuchKey(id: string): AwsError {
  return new AwsError('NoSuchEntity', 404, `The Access Key with id ${id} cannot be found.`);
}

function checkPattern(value: string, re: RegExp, member: string): void {
  if (!re.test(value)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: ${re.source.replace(/^\^|\{.*$/g, '')}+`,
    );
  }
}

/** IAM's tag constraints: length, and `[\p{L}\p{Z}\p{N}_.:/=+\-@]` characters only. */
function checkTag(value: string, member: string, max: number, key: boolean): void {
  const re = key ? /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u : /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
  if (value.length > max) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${max}`,
    );
  }
  if (!re.test(value)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]${key ? '+' : '*'}`,
    );
  }
}

/**
 * The user an action is about: `UserName` if given, otherwise the signer's own user. With session credentials
 * IAM requires UserName for the key operations (model docs: "If a temporary access key is used, then UserName
 * is required"). The caller is authorised on the user's ARN before existence is checked, as IAM does.
 */
function targetUser(
  ctx: HandlerContext,
  action: string,
  options: { nameRequired?: boolean } = {},
): UserRecord {
  let name = ctx.params.UserName;
  if (name === undefined || name === '') {
    if (options.nameRequired) required(ctx.params, 'UserName');
    if (ctx.caller.session) {
      throw validationError('Must specify userName when calling with non-User credentials');
    }
    if (!ctx.caller.user)
      throw validationError('Must specify userName when calling with non-User credentials');
    name = ctx.caller.user.userName;
  }
  checkPattern(name, USER_NAME_RE, 'userName');
  const user = ctx.state.getUser(ctx.caller.accountId, name);
  ctx.authorize(
    `iam:${action}`,
    user ? userArn(user.accountId, user.userName, user.path) : userArn(ctx.caller.accountId, name),
  );
  if (!user) throw noSuchUser(name);
  return user;
}

function keyMetadata(key: KeyRecord): string {
  return (
    tag('UserName', key.userName) +
    tag('AccessKeyId', key.accessKeyId) +
    tag('Status', key.status) +
    tag('CreateDate', key.created)
  );
}

function userXml(user: UserRecord, withTags: boolean): string {
  const tags = [...user.tags.entries()].map(([k, v]) => tag('Key', k) + tag('Value', v));
  return (
    tag('Path', user.path) +
    tag('UserName', user.userName) +
    tag('UserId', user.userId) +
    tag('Arn', userArn(user.accountId, user.userName, user.path)) +
    tag('CreateDate', user.created) +
    (withTags && tags.length > 0 ? members('Tags', tags) : '')
  );
}

/** Non-whitespace characters of all inline policies of a user or role: IAM's quotas count these. */
function inlineSize(policies: Map<string, InlinePolicy>, replacing: string, text: string): number {
  let size = text.replace(/\s/g, '').length;
  for (const [name, p] of policies) if (name !== replacing) size += p.text.replace(/\s/g, '').length;
  return size;
}

/** Parses and checks a PolicyDocument parameter as IAM does, and the holder's inline quota. */
function storeInlinePolicy(
  policies: Map<string, InlinePolicy>,
  policyName: string,
  text: string,
  quota: number,
  holder: string,
): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  }
  const problem = policyProblem(doc, true);
  if (problem) throw new AwsError('MalformedPolicyDocument', 400, problem);
  if (inlineSize(policies, policyName, text) > quota) {
    throw new AwsError('LimitExceeded', 409, `Maximum policy size of ${quota} bytes exceeded for ${holder}`);
  }
  policies.set(policyName, { text, doc: doc as PolicyDocument });
}

function targetRole(ctx: HandlerContext, action: string): RoleRecord {
  const name = required(ctx.params, 'RoleName');
  checkPattern(name, USER_NAME_RE, 'roleName');
  const role = ctx.state.getRole(ctx.caller.accountId, name);
  ctx.authorize(
    `iam:${action}`,
    role ? roleArn(role.accountId, role.roleName, role.path) : roleArn(ctx.caller.accountId, name),
  );
  if (!role) throw new AwsError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
  return role;
}

export const IAM_ACTIONS: Record<string, QueryHandler> = {
  GetAccessKeyLastUsed(ctx) {
    const id = required(ctx.params, 'AccessKeyId');
    checkPattern(id, ACCESS_KEY_ID_RE, 'accessKeyId');
    const key = ctx.state.keys.get(id);
    if (!key || key.accountId !== ctx.caller.accountId) {
      // AWS's answer for a key of another account or a nonexistent key is undocumented (reference 3.2): this
      // follows the IAM clone modelled on AWS and answers 403 AccessDenied for both, never NoSuchEntity.
      ctx.authorize('iam:GetAccessKeyLastUsed', `arn:aws:iam::${ctx.caller.accountId}:user/*`);
      throw new AwsError(
        'AccessDenied',
        403,
        `User: ${ctx.caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`,
      );
    }
    const owner = ctx.state.getUser(key.accountId, key.userName);
    ctx.authorize('iam:GetAccessKeyLastUsed', userArn(key.accountId, key.userName, owner?.path));
    const used = key.lastUsed;
    return (
      tag('UserName', key.userName) +
      node(
        'AccessKeyLastUsed',
        used
          ? tag('LastUsedDate', used.date) + tag('ServiceName', used.service) + tag('Region', used.region)
          : tag('ServiceName', 'N/A') + tag('Region', 'N/A'),
      )
    );
  },

  ListAccessKeys(ctx) {
    const user = targetUser(ctx, 'ListAccessKeys');
    const keys = ctx.state.userKeys(user).sort((a, b) => a.created.getTime() - b.created.getTime());
    const { page, xml } = paginate(keys, ctx.params);
    return tag('UserName', user.userName) + members('AccessKeyMetadata', page.map(keyMetadata)) + xml;
  },

  UpdateAccessKey(ctx) {
    const id = required(ctx.params, 'AccessKeyId');
    const status = required(ctx.params, 'Status');
    checkPattern(id, ACCESS_KEY_ID_RE, 'accessKeyId');
    if (!['Active', 'Inactive', 'Expired'].includes(status)) {
      throw validationError(
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: ` +
          'Member must satisfy enum value set: [Active, Inactive, Expired]',
      );
    }
    const user = targetUser(ctx, 'UpdateAccessKey');
    const key = ctx.state.keys.get(id);
    if (!key || key.accountId !== user.accountId || key.userName !== user.userName) throw noSuchKey(id);
    if (status === 'Expired')
      throw new AwsError('InvalidInput', 400, 'Status Expired cannot be set by a caller.');
    key.status = status as 'Active' | 'Inactive';
    return undefined;
  },

  CreateAccessKey(ctx) {
    const user = targetUser(ctx, 'CreateAccessKey');
    if (ctx.state.userKeys(user).length >= MAX_KEYS) {
      throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS}`);
    }
    const key = ctx.state.createKey(user.accountId, user.userName);
    return node(
      'AccessKey',
      tag('UserName', key.userName) +
        tag('AccessKeyId', key.accessKeyId) +
        tag('Status', key.status) +
        tag('SecretAccessKey', key.secretAccessKey) +
        tag('CreateDate', key.created),
    );
  },

  DeleteAccessKey(ctx) {
    const id = required(ctx.params, 'AccessKeyId');
    const user = targetUser(ctx, 'DeleteAccessKey');
    const key = ctx.state.keys.get(id);
    if (!key || key.accountId !== user.accountId || key.userName !== user.userName) throw noSuchKey(id);
    ctx.state.keys.delete(id);
    ctx.state.keyAccounts.set(id, key.accountId);
    return undefined;
  },

  GetUser(ctx) {
    const user = targetUser(ctx, 'GetUser');
    return node('User', userXml(user, true));
  },

  ListUsers(ctx) {
    const prefix = ctx.params.PathPrefix ?? '/';
    ctx.authorize('iam:ListUsers', `arn:aws:iam::${ctx.caller.accountId}:user/`);
    // IAM user names are unique regardless of case, so the lower-case name orders and marks pages.
    const nameKey = (u: UserRecord) => u.userName.toLowerCase();
    const users = [...(ctx.state.accounts.get(ctx.caller.accountId)?.users.values() ?? [])]
      .filter((u) => u.path.startsWith(prefix))
      .sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : 1));
    const { page, xml } = paginate(users, ctx.params, 'Marker', 'MaxItems', nameKey);
    return (
      members(
        'Users',
        page.map((u) => userXml(u, false)),
      ) + xml
    );
  },

  GenerateCredentialReport(ctx) {
    ctx.authorize('iam:GenerateCredentialReport', '*');
    const report = generateReport(ctx.state, ctx.caller.accountId);
    return tag('State', report.state) + tag('Description', report.description);
  },

  GetCredentialReport(ctx) {
    ctx.authorize('iam:GetCredentialReport', '*');
    const report = getReport(ctx.state, ctx.caller.accountId);
    return (
      tag('Content', Buffer.from(report.csv, 'utf8').toString('base64')) +
      tag('ReportFormat', 'text/csv') +
      tag('GeneratedTime', report.startedAt)
    );
  },

  PutUserPolicy(ctx) {
    required(ctx.params, 'UserName');
    const policyName = required(ctx.params, 'PolicyName');
    const text = required(ctx.params, 'PolicyDocument');
    checkPattern(policyName, POLICY_NAME_RE, 'policyName');
    const user = targetUser(ctx, 'PutUserPolicy');
    storeInlinePolicy(user.policies, policyName, text, MAX_INLINE_POLICY_BYTES, `user ${user.userName}`);
    return undefined;
  },

  GetUserPolicy(ctx) {
    required(ctx.params, 'UserName');
    const policyName = required(ctx.params, 'PolicyName');
    const user = targetUser(ctx, 'GetUserPolicy');
    const policy = user.policies.get(policyName);
    if (!policy)
      throw new AwsError('NoSuchEntity', 404, `The user policy with name ${policyName} cannot be found.`);
    // IAM returns the document URL-encoded (RFC 3986); the SDK does not decode it.
    return (
      tag('UserName', user.userName) +
      tag('PolicyName', policyName) +
      tag('PolicyDocument', encodeURIComponent(policy.text))
    );
  },

  ListUserPolicies(ctx) {
    required(ctx.params, 'UserName');
    const user = targetUser(ctx, 'ListUserPolicies');
    const { page, xml } = paginate([...user.policies.keys()].sort(), ctx.params);
    return members('PolicyNames', page.map(escapeText)) + xml;
  },

  DeleteUserPolicy(ctx) {
    required(ctx.params, 'UserName');
    const policyName = required(ctx.params, 'PolicyName');
    const user = targetUser(ctx, 'DeleteUserPolicy');
    if (!user.policies.delete(policyName)) {
      throw new AwsError('NoSuchEntity', 404, `The user policy with name ${policyName} cannot be found.`);
    }
    return undefined;
  },

  AttachUserPolicy(ctx) {
    required(ctx.params, 'UserName');
    const arn = required(ctx.params, 'PolicyArn');
    if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+$/.test(arn)) {
      throw new AwsError('InvalidInput', 400, `ARN ${arn} is not valid.`);
    }
    const user = targetUser(ctx, 'AttachUserPolicy');
    if (!user.attached.includes(arn)) {
      if (user.attached.length >= MAX_ATTACHED) {
        throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for PoliciesPerUser: ${MAX_ATTACHED}`);
      }
      user.attached.push(arn);
    }
    return undefined;
  },

  DetachUserPolicy(ctx) {
    required(ctx.params, 'UserName');
    const arn = required(ctx.params, 'PolicyArn');
    const user = targetUser(ctx, 'DetachUserPolicy');
    const i = user.attached.indexOf(arn);
    if (i < 0) throw new AwsError('NoSuchEntity', 404, `Policy ${arn} was not found.`);
    user.attached.splice(i, 1);
    return undefined;
  },

  ListAttachedUserPolicies(ctx) {
    required(ctx.params, 'UserName');
    const user = targetUser(ctx, 'ListAttachedUserPolicies');
    const { page, xml } = paginate(user.attached, ctx.params);
    return (
      members(
        'AttachedPolicies',
        page.map((arn) => tag('PolicyName', arn.slice(arn.lastIndexOf('/') + 1)) + tag('PolicyArn', arn)),
      ) + xml
    );
  },

  TagUser(ctx) {
    required(ctx.params, 'UserName');
    const tags = queryList(ctx.params, 'Tags');
    if (tags.length === 0) required(ctx.params, 'Tags');
    const user = targetUser(ctx, 'TagUser');
    const merged = new Map(user.tags);
    tags.forEach((t, i) => {
      if (t.Key === undefined || t.Value === undefined) {
        throw validationError(
          `1 validation error detected: Value null at 'tags.${i + 1}.member.${t.Key === undefined ? 'key' : 'value'}' ` +
            'failed to satisfy constraint: Member must not be null',
        );
      }
      checkTag(t.Key, `tags.${i + 1}.member.key`, 128, true);
      checkTag(t.Value, `tags.${i + 1}.member.value`, 256, false);
      if (t.Key.toLowerCase().startsWith('aws:')) {
        throw new AwsError('InvalidInput', 400, 'User-defined tag keys cannot start with the prefix "aws:".');
      }
      merged.set(t.Key, t.Value);
    });
    if (merged.size > MAX_TAGS) {
      throw new AwsError('LimitExceeded', 409, `The number of tags has reached the maximum limit.`);
    }
    user.tags = merged;
    return undefined;
  },

  UntagUser(ctx) {
    required(ctx.params, 'UserName');
    const keys = queryList(ctx.params, 'TagKeys').map((item) => item[''] ?? '');
    const user = targetUser(ctx, 'UntagUser');
    for (const k of keys) user.tags.delete(k);
    return undefined;
  },

  ListUserTags(ctx) {
    required(ctx.params, 'UserName');
    const user = targetUser(ctx, 'ListUserTags');
    const { page, xml } = paginate([...user.tags.entries()], ctx.params);
    return (
      members(
        'Tags',
        page.map(([k, v]) => tag('Key', k) + tag('Value', v)),
      ) + xml
    );
  },
};

Object.assign(IAM_ACTIONS, {
  GetRole(ctx) {
    const role = targetRole(ctx, 'GetRole');
    return node(
      'Role',
      tag('Path', role.path) +
        tag('RoleName', role.roleName) +
        tag('RoleId', role.roleId) +
        tag('Arn', roleArn(role.accountId, role.roleName, role.path)) +
        tag('CreateDate', role.created),
    );
  },

  PutRolePolicy(ctx) {
    const policyName = required(ctx.params, 'PolicyName');
    const text = required(ctx.params, 'PolicyDocument');
    checkPattern(policyName, POLICY_NAME_RE, 'policyName');
    const role = targetRole(ctx, 'PutRolePolicy');
    storeInlinePolicy(role.policies, policyName, text, MAX_ROLE_INLINE_POLICY_BYTES, `role ${role.roleName}`);
    return undefined;
  },

  GetRolePolicy(ctx) {
    const policyName = required(ctx.params, 'PolicyName');
    const role = targetRole(ctx, 'GetRolePolicy');
    const policy = role.policies.get(policyName);
    if (!policy) {
      throw new AwsError('NoSuchEntity', 404, `The role policy with name ${policyName} cannot be found.`);
    }
    return (
      tag('RoleName', role.roleName) +
      tag('PolicyName', policyName) +
      tag('PolicyDocument', encodeURIComponent(policy.text))
    );
  },

  ListRolePolicies(ctx) {
    const role = targetRole(ctx, 'ListRolePolicies');
    const { page, xml } = paginate([...role.policies.keys()].sort(), ctx.params);
    return members('PolicyNames', page.map(escapeText)) + xml;
  },

  DeleteRolePolicy(ctx) {
    const policyName = required(ctx.params, 'PolicyName');
    const role = targetRole(ctx, 'DeleteRolePolicy');
    if (!role.policies.delete(policyName)) {
      throw new AwsError('NoSuchEntity', 404, `The role policy with name ${policyName} cannot be found.`);
    }
    return undefined;
  },
} satisfies Record<string, QueryHandler>);

function escapeText(text: string): string {
  return tag('x', text).slice(3, -4);
}
