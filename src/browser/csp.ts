import { listen } from './listen';

/**
 * Calls `cb` with the blocked http(s) URL and the directive of each Content-Security-Policy
 * violation the page enforces. Returns a function that stops listening.
 */
export const onCspViolation = (cb: (uri: string, directive: string) => void): (() => void) =>
  listen<SecurityPolicyViolationEvent>(
    'securitypolicyviolation',
    (e) => {
      if (e.disposition === 'enforce' && /^http/.test(e.blockedURI))
        cb(e.blockedURI, e.effectiveDirective);
    },
    document,
  );
