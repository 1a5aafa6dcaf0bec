export declare const SNIPPET_FUNCTION: string;
export declare const toLiteral: (v: unknown) => string;
export declare const renderSnippet: (o: {
  namespace?: string;
  appMonitorId: string;
  appVersion: string;
  region: string;
  clientUrl: string;
  config?: object;
  /** The snippet's 7th argument: the URL of a `{ "clientConfig": { … } }` document. */
  configUrl?: string;
}) => string;
export declare const cspHash: (scriptText: string) => string;
