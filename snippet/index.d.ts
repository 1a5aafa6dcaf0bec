export declare const SNIPPET_FUNCTION: string;
export declare const toLiteral: (v: unknown) => string;
export declare const renderSnippet: (o: {
  namespace?: string;
  appMonitorId: string;
  appVersion: string;
  region: string;
  clientUrl: string;
  config?: object;
}) => string;
export declare const cspHash: (scriptText: string) => string;
