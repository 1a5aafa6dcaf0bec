/** The client's version, sent as `aws:clientVersion` (a test keeps it equal to package.json). */
export const VERSION = '0.1.0';
