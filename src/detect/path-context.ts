// The AWS context a file's path gives its lines. `SECRET=…` says nothing in `app.env`, but in `aws.env` it is the
// AWS secret; `secret_key = "…"` in a Terraform file is the AWS provider's (and the S3 backend's) argument.

/** A word of the file name: `aws.env`, `aws-prod.json`, `awsConfig.yml`, `s3.properties`, `amazon_keys.txt`. */
const AWS_FILE_NAME = /(?:^|[^A-Za-z0-9])(?:aws|AWS|Aws|amazon|Amazon|AMAZON|s3|S3)(?![a-z0-9])/;

/** Files that only ever configure S3 or AWS: s3cmd's `.s3cfg`, s3fs's `.passwd-s3fs`, boto 2's `.boto`. */
const AWS_CONFIG_FILES = new Set(['.s3cfg', 's3cfg', '.passwd-s3fs', 'passwd-s3fs', '.boto']);

/** A folder of AWS configuration: `~/.aws/credentials`, `deploy/aws/prod.env`. */
const AWS_FOLDERS = new Set(['.aws', 'aws']);

const TERRAFORM_FILE = /\.(?:tf|tfvars|hcl)(?:\.json)?$/i;

/** In an AWS file, any secret is AWS's. */
const ANY_SECRET = /secret/i;

/** In Terraform, the AWS provider's and S3 backend's `secret_key` (`aws_secret_key` already names AWS). */
const TERRAFORM_SECRET_KEY = /secret[-_]?key/i;

/**
 * The words that name an AWS secret in this file beyond the ones that do anywhere (see hasKeyword), or null. Only
 * the file's own name and its folders' exact names count: `node_modules/@aws-sdk/…` is code about AWS, not AWS
 * configuration.
 */
export function secretWordsOfPath(path: string): RegExp | null {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  if (
    AWS_CONFIG_FILES.has(name) ||
    AWS_FILE_NAME.test(name) ||
    parts.slice(0, -1).some((folder) => AWS_FOLDERS.has(folder.toLowerCase()))
  ) {
    return ANY_SECRET;
  }
  return TERRAFORM_FILE.test(name) ? TERRAFORM_SECRET_KEY : null;
}
