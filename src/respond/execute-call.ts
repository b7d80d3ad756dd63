// Makes one planned IAM call through the run's session, signed with secret-guard's own credentials.
import {
  AttachUserPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { AwsSession } from '../aws/session.js';
import { assertNever } from '../errors.js';
import type { PlannedCall } from './response-plan.js';

export async function executeCall(session: AwsSession, call: PlannedCall): Promise<void> {
  const iam = session.iam();
  await session.call(call.api, async (abortSignal) => {
    switch (call.api) {
      case 'iam:UpdateAccessKey':
        return iam.send(new UpdateAccessKeyCommand(call.params), { abortSignal });
      case 'iam:PutUserPolicy':
        return iam.send(new PutUserPolicyCommand(call.params), { abortSignal });
      case 'iam:PutRolePolicy':
        return iam.send(new PutRolePolicyCommand(call.params), { abortSignal });
      case 'iam:AttachUserPolicy':
        return iam.send(new AttachUserPolicyCommand(call.params), { abortSignal });
      case 'iam:TagUser':
        return iam.send(new TagUserCommand(call.params), { abortSignal });
      default:
        return assertNever(call);
    }
  });
}
