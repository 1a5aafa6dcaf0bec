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

/** Cognito Identity (AWS JSON 1.1): like `jsonErrorReply`, with the protocol's media type. */
export function cognitoErrorReply(error: ServiceError): Reply {
  const reply = jsonErrorReply(error);
  return {
    ...reply,
    headers: { ...reply.headers, 'content-type': 'application/x-amz-json-1.1' },
  };
}

/**
 * An error as the AWS query protocol (STS) sends it: XML, `text/xml`, the request id in the body
 * and in `x-amzn-RequestId`. `Type` is `Receiver` for 5xx, else `Sender`.
 */
export function xmlErrorReply(error: ServiceError, requestId: string): Reply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n` +
      `  <Error>\n` +
      `    <Type>${type}</Type>\n` +
      `    <Code>${escapeXml(error.errorType)}</Code>\n` +
      `    <Message>${escapeXml(error.message)}</Message>\n` +
      `  </Error>\n` +
      `  <RequestId>${requestId}</RequestId>\n` +
      `</ErrorResponse>\n`,
  };
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escape text for an XML element's content (quotes need no escaping there). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => XML_ENTITIES[c]);
}

/**
 * `1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: …`, the
 * message AWS's request validation writes (Cognito `ValidationException`, STS `ValidationError`).
 */
export function constraintMessage(violations: string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}
