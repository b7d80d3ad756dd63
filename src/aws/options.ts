// How the core reaches AWS. The entry points fill it; the core never reads the environment itself.

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/**
 * How to reach AWS. Every field is optional: without them the SDK's default chain and its own settings apply
 * (AWS_REGION, profiles, AWS_ENDPOINT_URL_IAM, …). The entry points fill this; the core never reads the environment.
 */
export interface AwsOptions {
  region?: string;
  endpoints?: { iam?: string; sts?: string; cloudtrail?: string };
  credentials?: AwsCredentials | AwsCredentialsProvider;
}
