/**
 * Types the layers below boot/ share with it: attributes, page ids, cookie attributes, and how
 * a config problem is reported. boot/config.ts re-exports them for the public API.
 */
/** Whether an option's value is fine (truthy): the one shape of every option check. */
export type Check = (v: unknown) => unknown;

export type PageIdFormat = 'PATH' | 'HASH' | 'PATH_AND_HASH' | 'PATH_AND_SEARCH';
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface CookieAttributes {
  domain: string;
  path: string;
  sameSite: 'Strict' | 'Lax' | 'None';
  secure: boolean;
  unique: boolean;
}

/** An option (or telemetry) the client does not know: what it is, the names it knows. */
export interface Unknown {
  /** The misspelt name, to compare with `known`. */
  word: string;
  known: readonly string[];
  what?: 'option' | 'telemetry';
}

/** An option's value that is not what it must be, and what is used instead. */
export interface BadValue {
  got: unknown;
  fallback: unknown;
  /** Whose words say what it must be, when not the option's own name. */
  rule?: string;
}

/**
 * Where config problems go: the client's console and diagnose(), or doctor's findings.
 * With a detail, `message` is only the option's full name (`config.sessionSampleRate`,
 * `telemetries http.urlsToInclude`): the words come from the diagnostics chunk.
 */
export type Warn = (message: string, detail?: Unknown | BadValue) => void;

/**
 * Tells of something worth a console message (a value left out, a debug note) by the key of
 * its message and the values it names; the words are the diagnostics chunk's
 * (src/diagnostics/messages.ts), which only a page with a problem loads.
 */
export type Tell = (key: string, data: Record<string, unknown>) => void;

/** Where the session and user ids are kept: the page's cookies (browser/cookies.ts), or a fake. */
export interface CookieJar {
  get(name: string): string | undefined;
  /** Writes `name` until `expires` (epoch ms); 0 removes it. */
  set(name: string, value: string, expires: number): void;
  remove(name: string): void;
}

/** AWS credentials, as the signer uses them. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Where the transport gets its credentials (auth/chain.ts makes the one the client uses). */
export interface CredentialChain {
  /** Fresh credentials, or undefined when no source has any. Concurrent calls share one lookup. */
  get(): Promise<Credentials | undefined>;
  /** Usable credentials available without waiting (memory, app, cache): for the page-hide flush. */
  peek(): Credentials | undefined;
  /** App-supplied credentials: an object, its JSON string, or a provider function. */
  setAppCredentials(input: unknown): void;
  /**
   * The service refused the credentials: forget those in memory and in the cache, so the next
   * `get()` asks the sources again (app-supplied static credentials stay: only the app can
   * replace them).
   */
  invalidate(): void;
  /** Sources tried by the last lookup that found nothing, and why, for diagnostics. */
  readonly lastMiss: string[];
  /** The errors the providers threw in the last lookup (e.g. a Cognito or STS refusal). */
  readonly lastErrors: unknown[];
  /** Where the credentials in use came from, for diagnostics. */
  source(): string | undefined;
}
