// A small IAM policy evaluator: identity-based policies of one user (inline + attached managed), no SCPs,
// permission boundaries, resource policies or session policies. Explicit Deny wins, then any Allow, else
// implicit deny. Enough to prove least-privilege policies and session revocation on aws:TokenIssueTime.

interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** Request context: the action (`iam:ListUsers`), the resource ARN (`*` for actions without one), condition keys. */
export interface AuthzRequest {
  action: string;
  resource: string;
  context: Record<string, string | undefined>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const STRING_OPS = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'];
const LIKE_OPS = ['StringLike', 'StringNotLike'];
const DATE_OPS = [
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
];
const OTHER_OPS = ['Bool', 'Null', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];
const SUPPORTED_CONDITION_OPERATORS = new Set([...STRING_OPS, ...LIKE_OPS, ...DATE_OPS, ...OTHER_OPS]);

/** Checks a document the way PutUserPolicy does (a subset of IAM's grammar); returns a reason, or null if fine. */
export function policyProblem(doc: unknown, requireResource: boolean): string | null {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'Syntax errors in policy.';
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!['Version', 'Id', 'Statement'].includes(key)) return `Syntax errors in policy.`;
  }
  if (d.Version !== undefined && d.Version !== '2012-10-17' && d.Version !== '2008-10-17') {
    return 'The policy failed legacy parsing';
  }
  const statements = Array.isArray(d.Statement) ? (d.Statement as unknown[]) : [d.Statement];
  if (d.Statement === undefined || statements.length === 0) return 'Syntax errors in policy.';
  for (const raw of statements) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'Syntax errors in policy.';
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (!['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'].includes(key)) {
        return key === 'Principal' || key === 'NotPrincipal'
          ? 'Policy document should not specify a principal.'
          : 'Syntax errors in policy.';
      }
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return 'Syntax errors in policy.';
    if ((s.Action === undefined) === (s.NotAction === undefined)) return 'Syntax errors in policy.';
    for (const field of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      const v = s[field];
      if (v === undefined) continue;
      const list = Array.isArray(v) ? (v as unknown[]) : [v];
      if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === ''))
        return 'Syntax errors in policy.';
      if (
        field.endsWith('Action') &&
        list.some((x) => x !== '*' && !/^[a-zA-Z0-9-]+:[\w*?-]+$/.test(String(x)))
      ) {
        return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
      }
    }
    if (requireResource && s.Resource === undefined && s.NotResource === undefined) {
      return 'Missing required field Resource';
    }
    if (s.Condition !== undefined) {
      if (s.Condition === null || typeof s.Condition !== 'object' || Array.isArray(s.Condition)) {
        return 'Syntax errors in policy.';
      }
      for (const [op, block] of Object.entries(s.Condition as Record<string, unknown>)) {
        const base = op.replace(/IfExists$/, '');
        if (!SUPPORTED_CONDITION_OPERATORS.has(base)) {
          return `Condition operator ${op} is not supported by the local test server`;
        }
        if (block === null || typeof block !== 'object' || Array.isArray(block))
          return 'Syntax errors in policy.';
        for (const value of Object.values(block as Record<string, unknown>)) {
          const list = Array.isArray(value) ? (value as unknown[]) : [value];
          if (list.some((x) => typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')) {
            return 'Syntax errors in policy.';
          }
          if (DATE_OPS.includes(base) && list.some((x) => Number.isNaN(parseDate(String(x))))) {
            return `The policy contains an invalid date for ${op}`;
          }
        }
      }
    }
  }
  return null;
}

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** IAM glob: `*` any run of characters, `?` any one character. */
function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
        .join('') +
      '$',
    ignoreCase ? 'is' : 's',
  );
  return re.test(value);
}

function parseDate(value: string): number {
  // Condition date values may be ISO 8601 or epoch seconds.
  return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

function conditionMatches(
  condition: PolicyStatement['Condition'],
  context: AuthzRequest['context'],
): boolean {
  if (!condition) return true;
  for (const [rawOp, block] of Object.entries(condition)) {
    const ifExists = rawOp.endsWith('IfExists');
    const op = ifExists ? rawOp.slice(0, -'IfExists'.length) : rawOp;
    for (const [rawKey, rawValues] of Object.entries(block)) {
      const values = asList(rawValues).map(String);
      const actualKey = Object.keys(context).find((k) => k.toLowerCase() === rawKey.toLowerCase());
      const actual = actualKey === undefined ? undefined : context[actualKey];
      if (op === 'Null') {
        const wantsNull = values.some((v) => v.toLowerCase() === 'true');
        if (wantsNull !== (actual === undefined)) return false;
        continue;
      }
      const negated = op.includes('Not');
      if (actual === undefined) {
        // Missing key: IfExists → true; negated operators → true; others → false (IAM docs, condition operators).
        if (ifExists || negated) continue;
        return false;
      }
      const one = (v: string): boolean => {
        switch (op) {
          case 'StringEquals':
          case 'StringNotEquals':
          case 'ArnEquals':
          case 'ArnNotEquals':
            return op.startsWith('Arn') ? globMatch(v, actual) : actual === v;
          case 'StringEqualsIgnoreCase':
          case 'StringNotEqualsIgnoreCase':
            return actual.toLowerCase() === v.toLowerCase();
          case 'StringLike':
          case 'StringNotLike':
          case 'ArnLike':
          case 'ArnNotLike':
            return globMatch(v, actual);
          case 'Bool':
            return actual.toLowerCase() === v.toLowerCase();
          default: {
            const a = parseDate(actual);
            const b = parseDate(v);
            if (op.startsWith('DateLessThan')) return op.endsWith('Equals') ? a <= b : a < b;
            if (op.startsWith('DateGreaterThan')) return op.endsWith('Equals') ? a >= b : a > b;
            return a === b; // DateEquals / DateNotEquals
          }
        }
      };
      const anyMatch = values.some(one);
      if (negated ? anyMatch : !anyMatch) return false;
    }
  }
  return true;
}

function statementApplies(s: PolicyStatement, req: AuthzRequest): boolean {
  const actionOk =
    s.Action !== undefined
      ? asList(s.Action).some((p) => globMatch(p, req.action, true))
      : !asList(s.NotAction).some((p) => globMatch(p, req.action, true));
  if (!actionOk) return false;
  const resourceOk =
    s.NotResource !== undefined
      ? !asList(s.NotResource).some((p) => globMatch(p, req.resource))
      : s.Resource === undefined || asList(s.Resource).some((p) => globMatch(p, req.resource));
  if (!resourceOk) return false;
  return conditionMatches(s.Condition, req.context);
}

export function evaluate(documents: PolicyDocument[], req: AuthzRequest): Decision {
  let allowed = false;
  for (const doc of documents) {
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    for (const s of statements) {
      if (!statementApplies(s, req)) continue;
      if (s.Effect === 'Deny') return 'explicit-deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

const QUARANTINE_V3_DENY = [
  'cloudtrail:LookupEvents',
  'ec2:RequestSpotInstances',
  'ec2:RunInstances',
  'ec2:StartInstances',
  'iam:AddUserToGroup',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:ChangePassword',
  'iam:CreateAccessKey',
  'iam:CreateInstanceProfile',
  'iam:CreateLoginProfile',
  'iam:CreatePolicyVersion',
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:DetachUserPolicy',
  'iam:PassRole',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:PutUserPolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAccessKey',
  'iam:UpdateAccountPasswordPolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateLoginProfile',
  'iam:UpdateUser',
  'lambda:CreateFunction',
  'lightsail:Create*',
  'lightsail:Delete*',
  'lightsail:Start*',
  'lightsail:Update*',
  'organizations:CreateAccount',
  's3:DeleteBucket',
  's3:GetObject',
  's3:ListAllMyBuckets',
  'ecr:GetAuthorizationToken',
  'bedrock:InvokeModel',
  'sts:GetSessionToken',
  'sts:GetFederationToken',
  'iam:DeleteRole',
  'iam:DeleteAccessKey',
  'iam:ListUsers',
];

const QUARANTINE_V1_DENY = [
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:ChangePassword',
  'iam:CreateAccessKey',
  'iam:CreateInstanceProfile',
  'iam:CreateLoginProfile',
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:DetachUserPolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:PutUserPolicy',
  'iam:UpdateAccessKey',
  'iam:UpdateAccountPasswordPolicy',
  'iam:UpdateUser',
  'ec2:RequestSpotInstances',
  'ec2:RunInstances',
  'ec2:StartInstances',
  'organizations:CreateAccount',
  'lambda:CreateFunction',
];

/**
 * AWS managed policies the server knows. Any other well-formed policy ARN can be attached (and is listed) but
 * grants and denies nothing.
 */
export const MANAGED_POLICIES: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  'arn:aws:iam::aws:policy/IAMReadOnlyAccess': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 'iam:Simulate*'],
        Resource: '*',
      },
    ],
  },
  'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantine': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: QUARANTINE_V1_DENY, Resource: '*' }],
  },
  // A representative subset of V3 (full list: reference section 1.1); every IAM / STS / CloudTrail action of it.
  'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCompromisedKeyQuarantineV3', Effect: 'Deny', Action: QUARANTINE_V3_DENY, Resource: '*' },
    ],
  },
};
