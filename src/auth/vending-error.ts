/**
 * A refusal from Cognito or STS, with the service's own error code, so that diagnostics (and
 * the console) can name the real cause: `InvalidIdentityToken`, `AccessDenied`, …
 */
export class VendingError extends Error {
  constructor(
    readonly service: 'Cognito' | 'STS',
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${service} ${operation} failed: ${code}${message ? ` (${message})` : ''}`);
    this.name = 'VendingError';
  }
}
