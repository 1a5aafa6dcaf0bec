import { jsonReply, type Reply } from './http';

/**
 * An error the emulated service answers with. Each protocol handler decides how to put it on the
 * wire; the AWS JSON protocols (RUM data plane, Cognito Identity) use `jsonErrorBody` plus the
 * `x-amzn-ErrorType` header.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** An error as the AWS JSON protocols send it: `x-amzn-ErrorType` header + `{__type, message}`. */
export function jsonErrorReply(error: ServiceError): Reply {
  return jsonReply(
    error.status,
    { __type: error.errorType, message: error.message },
    { 'x-amzn-errortype': error.errorType },
  );
}

export const missingAuthenticationToken = (
  message = 'Missing Authentication Token',
): ServiceError => new ServiceError(403, 'MissingAuthenticationTokenException', message);

export const invalidSignature = (message: string): ServiceError =>
  new ServiceError(403, 'InvalidSignatureException', message);

export const unrecognizedClient = (
  message = 'The security token included in the request is invalid.',
): ServiceError => new ServiceError(403, 'UnrecognizedClientException', message);

export const expiredToken = (
  message = 'The security token included in the request is expired',
): ServiceError => new ServiceError(403, 'ExpiredTokenException', message);

export const accessDenied = (message: string): ServiceError =>
  new ServiceError(403, 'AccessDeniedException', message);

export const resourceNotFound = (message: string): ServiceError =>
  new ServiceError(404, 'ResourceNotFoundException', message);

export const validation = (message: string): ServiceError =>
  new ServiceError(400, 'ValidationException', message);

export const unknownOperation = (message: string): ServiceError =>
  new ServiceError(404, 'UnknownOperationException', message);

export const internal = (message = 'Internal server error'): ServiceError =>
  new ServiceError(500, 'InternalServerException', message);
