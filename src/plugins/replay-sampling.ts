/**
 * Whether session `id` is in the replay's `rate` (additionalSampleRate): the same answer for
 * a session on each of its pages, as it is read from the session id's last 32 bits (random in
 * a UUID). A rate that is not a number from 0 to 1 counts as 1, the default, which the
 * recorder then reports.
 */
export const replaySampled = (id: string, rate: unknown): boolean =>
  !(typeof rate == 'number' && rate >= 0 && rate <= 1) ||
  parseInt(id.slice(-8), 16) < rate * 2 ** 32;
