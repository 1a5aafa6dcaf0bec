export interface SnippetWithCsp {
  snippet: string;
  scriptElement: string;
  hash: string;
  directives: { 'script-src': string[]; 'connect-src': string[] };
}
export declare const snippetWithCsp: (o: {
  namespace?: string;
  appMonitorId: string;
  appVersion: string;
  region: string;
  clientUrl: string;
  config?: Record<string, unknown>;
  /** The snippet's 7th argument: the URL of a `{ "clientConfig": { … } }` document. */
  configUrl?: string;
}) => SnippetWithCsp;
export declare const policyString: (directives: Record<string, string[]>) => string;
