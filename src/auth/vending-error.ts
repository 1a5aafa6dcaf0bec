/**
 * A refusal from Cognito or STS, with the service's own error code, so that diagnostics (and
 * the console) can name the real cause: `InvalidIdentityToken`, `AccessDenied`, …
 */
export class VendingError extends Error {
  constructor(
    readonly service: 'Cognito' | 'STS',
    readonly operation: string,
    readonly code: string,
    /** The service's own message. */
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${service} ${operation} failed: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'VendingError';
  }
}
