/**
 * Why PutRumEvents refused a batch, and what the site owner can do about it. Each cause
 * follows the CloudWatch RUM troubleshooting guide.
 */
export const explainPutRumEventsError = (
  errorType: string | undefined,
  status: number | undefined,
  ctx: { region: string; endpoint: string; appMonitorId: string },
): string => {
  switch (errorType) {
    case 'MissingAuthenticationTokenException':
      return 'the request was not signed. Remove `signing: false` from the config (signing is on by default); unsigned requests only work through a proxy that signs them, or an app monitor with a public resource policy.';
    case 'InvalidSignatureException':
      return `the signature was refused. Check that the region argument (${ctx.region}) is the app monitor's region and that config.endpoint (${ctx.endpoint}) points at that same region; also check the device clock.`;
    case 'UnrecognizedClientException':
      return 'the access key is unknown to AWS. The credentials (setAwsCredentials or the cwr_c cache) are wrong or were deleted.';
    case 'ExpiredTokenException':
      return 'the credentials have expired; new ones will be fetched.';
    case 'AccessDeniedException':
      return `the credentials are valid but may not call rum:PutRumEvents on app monitor ${ctx.appMonitorId}. If this app monitor re-uses an identity pool and IAM role made for another one, add this app monitor to the role's policy (Action rum:PutRumEvents, Resource arn:aws:rum:${ctx.region}:<account>:appmonitor/<name>). If several app monitors share this domain, set cookieAttributes.unique: true so their cached credentials do not mix.`;
    case 'ResourceNotFoundException':
      return `no app monitor ${ctx.appMonitorId} exists in ${ctx.region}. Check the app monitor id and the region argument.`;
    case 'ValidationException':
      return 'the service refused the batch as malformed; the events in it were dropped.';
    case 'ThrottlingException':
      return 'the service is throttling this app monitor; the batch will be retried.';
    default:
      return `HTTP ${status ?? 'error'}${errorType ? ' ' + errorType : ''}.`;
  }
};
