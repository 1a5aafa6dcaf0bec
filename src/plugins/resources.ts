import { SCHEMA_VERSION } from '../domain/rules';
import { isOwnFile } from '../lazy/own-files';
import { OWN_FILE, ownRequest } from './own';
import { finite, networkDetails } from './navigation';

/**
 * Resource timing → performance_resource_event details, and the choice of which resources to
 * record. Pure functions, so tests can feed them plain objects.
 */

export type ResourceTiming = Pick<PerformanceResourceTiming, 'name' | 'initiatorType'> &
  Parameters<typeof networkDetails>[0];

const BY_EXTENSION: [RegExp, string][] = [
  [/\.m?js$/, 'script'],
  [/\.css$/, 'stylesheet'],
  [/\.(woff2?|ttf|otf|eot)$/, 'font'],
  [/\.(png|jpe?g|gif|svg|webp|avif|ico|bmp|apng)$/, 'image'],
  [/\.html?$/, 'document'],
];

const BY_INITIATOR: Record<string, string> = {
  script: 'script',
  img: 'image',
  image: 'image',
  input: 'image',
  iframe: 'document',
  frame: 'document',
};

/**
 * The file type a resource is recorded under (`fileType`, and the names `recordAllTypes` and
 * `sampleTypes` use): document, script, stylesheet, font, image or other. The URL's extension
 * decides when it has a known one (a font or image requested by a stylesheet has initiatorType
 * 'css', a stylesheet requested by <link> 'link'); otherwise the element that requested it does.
 */
export const fileTypeOf = (name: string, initiatorType: string): string => {
  let path = name;
  try {
    path = new URL(name).pathname;
  } catch {
    // Not a URL: look at the string as it is.
  }
  path = path.toLowerCase();
  for (const [re, type] of BY_EXTENSION) if (re.test(path)) return type;
  return BY_INITIATOR[initiatorType] ?? 'other';
};

/**
 * performance_resource_event details. Without `recordUrl` (config.recordResourceUrl: false) the
 * resource's URL is not recorded at all; the schema does not require targetUrl.
 */
export const resourceDetails = (
  e: ResourceTiming,
  recordUrl: boolean,
  /** config.groupUrl: the URL as recorded (config.urlNormalizer). */
  group: (url: string, kind: 'resource') => string = (u) => u,
): Record<string, unknown> =>
  finite({
    version: SCHEMA_VERSION,
    ...(recordUrl ? { targetUrl: group(e.name, 'resource') } : {}),
    initiatorType: e.initiatorType,
    fileType: fileTypeOf(e.name, e.initiatorType),
    ...networkDetails(e),
  });

/**
 * Picks what to record from a batch of resource entries: every entry whose file type is in
 * `recordAll`, and at most `room` picked at random among those whose type is in `sample`
 * (a random pick, not the first ones: the first are the page's own boot resources, over and
 * over). Keeps the batch's order.
 */
export const pickResources = <T extends ResourceTiming>(
  entries: T[],
  recordAll: string[],
  sample: string[],
  room: number,
  random: () => number = Math.random,
): { picked: T[]; sampled: number } => {
  const keep = new Set<T>();
  const candidates: T[] = [];
  for (const e of entries) {
    const type = fileTypeOf(e.name, e.initiatorType);
    if (recordAll.includes(type)) keep.add(e);
    else if (sample.includes(type)) candidates.push(e);
  }
  // A partial Fisher–Yates shuffle: the first `n` places hold a uniform random choice.
  const n = Math.min(Math.max(room, 0), candidates.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
    keep.add(candidates[i]);
  }
  return { picked: entries.filter((e) => keep.has(e)), sampled: n };
};

/**
 * Whether a resource is one of the client's own requests (./own.ts), or one of its script
 * files, which the snippet and the client load, not the app: cwr.js and its cwr-*.js chunks on
 * a CDN, the chunks of a bundler build whatever their names (see src/lazy/own-files.ts).
 */
export const ownResource = (
  config: Parameters<typeof ownRequest>[0],
): ((name: string) => boolean) => {
  const request = ownRequest(config);
  return (name) => request(name) || OWN_FILE.test(name) || isOwnFile(name);
};
