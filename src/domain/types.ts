/**
 * Types the layers below boot/ share with it: attributes, page ids, cookie attributes, and how
 * a config problem is reported. boot/config.ts re-exports them for the public API.
 */
/** Whether an option's value is fine (truthy): the one shape of every option check. */
export type Check = (v: unknown) => unknown;

export type PageIdFormat = 'PATH' | 'HASH' | 'PATH_AND_HASH';
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
