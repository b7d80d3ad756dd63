// AWS accounts that belong to public canary-token services. A key of these accounts is a tripwire: signing any
// request with it (sts:GetCallerIdentity included) raises the canary's alert, so such keys are recognised
// offline from the account decoded out of the key id and never sent to AWS.

/**
 * canarytokens.org (Thinkst). Source: trufflesecurity/trufflehog `pkg/detectors/aws/access_keys/canary.go`,
 * `thinkstCanaryList` ("This is an AWS canary token generated at canarytokens.org.").
 */
const THINKST = [
  '052310077262',
  '171436882533',
  '534261010715',
  '595918472158',
  '717712589309',
  '819147034852',
  '992382622183',
  '730335385048',
  '266735846894',
  '893192397702',
];

/**
 * "Off brand" canaries inspired by canarytokens.org. Source: the same trufflehog file,
 * `thinkstKnockoffsCanaryList` ("This is an off brand AWS Canary inspired by canarytokens.org.").
 */
const KNOCKOFFS = [
  '044858866125',
  '251535659677',
  '344043088457',
  '351906852752',
  '390477818340',
  '426127672474',
  '427150556519',
  '439872796651',
  '445142720921',
  '465867158099',
  '637958123769',
  '693412236332',
  '732624840810',
  '735421457923',
  '959235150393',
  '982842642351',
];

/**
 * Further canary accounts skipped by other scanners, not in trufflehog's lists: a Rust scanner's
 * `BUILTIN_SKIP_ACCOUNT_IDS` (seen in a code search; it appears to be a newer mongodb/kingfisher
 * `src/validation/aws.rs`) and a browser scanner's `canaryAccounts.thinkst`. Treating a non-canary account as a
 * canary only means its keys are reported and left alone, so the wider list errs on the safe side.
 */
const OTHER_SCANNERS = ['528757803018', '538784191382', '729780141977'];

const SERVICES = new Map<string, string>([
  ...THINKST.map((id): [string, string] => [id, 'canarytokens.org (Thinkst)']),
  ...KNOCKOFFS.map((id): [string, string] => [
    id,
    'an off-brand canary service inspired by canarytokens.org',
  ]),
  ...OTHER_SCANNERS.map((id): [string, string] => [id, 'a canary-token service (listed by other scanners)']),
]);

/** The canary service an account belongs to, or null when it is not a known canary account. */
export function canaryService(account: string | null | undefined): string | null {
  return (account && SERVICES.get(account)) || null;
}

export const CANARY_ACCOUNTS: readonly string[] = [...SERVICES.keys()];
