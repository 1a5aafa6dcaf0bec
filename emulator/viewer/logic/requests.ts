// The emulator's request records: PutRumEvents verdicts, who signed and how. Pure.

import type { RequestRecord } from '../types';
import { str } from './text';

export function isPutRumEvents(r: RequestRecord): boolean {
  return r.operation === 'PutRumEvents';
}

/** A PutRumEvents request's outcome: its verdict when the emulator gave one, else its status. */
export function requestVerdict(r: RequestRecord): 'accepted' | 'refused' {
  if (r.verdict === 'accepted' || r.verdict === 'refused') return r.verdict;
  return r.status >= 200 && r.status < 300 ? 'accepted' : 'refused';
}

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1) || arn;

/** Who signed: `cognito · pool … · identity … · role … · key ASIA…`, or `unsigned`. */
export function describeSigner(r: RequestRecord): string {
  const c = r.credential;
  const key = str(r.accessKeyId);
  if (!c && !key) return r.signed || r.presigned ? 'signed (credential not known)' : 'unsigned';
  const parts: string[] = [str(c?.kind) ?? 'unknown'];
  if (str(c?.identityPoolId)) parts.push(`pool ${c?.identityPoolId}`);
  if (str(c?.identityId)) parts.push(`identity ${c?.identityId}`);
  if (str(c?.roleArn)) parts.push(`role ${roleName(c?.roleArn as string)}`);
  if (key) parts.push(`key ${key}`);
  return parts.join(' · ');
}

/** How the request was authorised on the wire. */
export function requestTransport(r: RequestRecord): string {
  if (r.presigned) return 'beacon (presigned URL)';
  if (r.signed) return 'signed headers';
  return 'unsigned';
}

/** `ErrorType: message` for a refused request. */
export function rejectionReason(r: RequestRecord): string {
  if (requestVerdict(r) === 'accepted') return '';
  const parts = [str(r.errorType), str(r.message)].filter(Boolean);
  if (parts.length) return parts.join(': ');
  if (r.dropped) return `connection dropped ${r.dropped} processing`;
  return `HTTP ${r.status}`;
}
