/** What a URL names: a page (its page id), an app's request, a resource the page loaded. */
export type UrlKind = 'page' | 'http' | 'resource';

/** config.urlNormalizer: `true` for the built-in patterns, or the site's own function. */
export type UrlNormalizer =
  boolean | ((url: string, kind: UrlKind, builtIn: (url: string) => string) => unknown);

// A path segment or query value that is an id: a UUID, a number, or a hexadecimal hash of 16
// or more characters with a digit in it (a word like "deadbeefcafebabe" is left alone), with
// or without a file extension (`/avatars/123.png`).
const ID =
  /^(?:([\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})|(\d+)|(?=[a-f]*\d)[\da-f]{16,})(\.[a-z][a-z\d]{0,7})?$/i;

/**
 * The built-in grouping: each path segment (also in a hash route) and query value that is an
 * id becomes `:uuid`, `:id` or `:hash`. `/orders/12345?ref=9f86d081884c7d65` →
 * `/orders/:id?ref=:hash`. The origin is left alone (a host is never all digits).
 */
export const groupIds = (url: string): string =>
  url.replace(/([/=])([^/?#&=;]+)(?=[/?#&;]|$)/g, (all, at: string, part: string) => {
    const m = ID.exec(part);
    return m ? at + (m[1] ? ':uuid' : m[2] ? ':id' : ':hash') + (m[3] || '') : all;
  });

/**
 * The function that groups URLs for a config.urlNormalizer: the identity without one. The
 * site's own function gets the URL, its kind and the built-in grouping; what it returns is used
 * when it is a non-empty string, else the URL is kept and `bad` is told (what it gave instead).
 */
export const urlGrouper = (
  n: UrlNormalizer | undefined,
  bad: (url: string, gave: unknown) => void = () => undefined,
): ((url: string, kind: UrlKind) => string) =>
  typeof n == 'function'
    ? (url, kind) => {
        let r: unknown;
        try {
          r = n(url, kind, groupIds);
        } catch (e) {
          r = e;
        }
        return typeof r == 'string' && r ? r : (bad(url, r), url);
      }
    : n
      ? groupIds
      : (url) => url;
