import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Reply } from './http';
import { safeDecode } from './http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/**
 * A file under `root` for a GET/HEAD of `path`, or undefined when there is none. Paths that
 * would leave `root` (`..`, encoded or not) find nothing. A directory serves its index.html.
 */
export async function serveStatic(
  root: string,
  path: string,
  method: string,
): Promise<Reply | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const base = resolve(root);
  const decoded = safeDecode(path);
  if (decoded.includes('\0')) return undefined;
  let file = resolve(join(base, decoded));
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    return {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      },
      body: method === 'HEAD' ? undefined : body,
    };
  } catch {
    return undefined;
  }
}

/** Where the viewer lives: `/_emulator/` is its page, `/_emulator/viewer/…` its other files. */
export const VIEWER_PAGE = '/_emulator/';
export const VIEWER_FILES = '/_emulator/viewer/';

/**
 * `GET /` (and HEAD) leads to the viewer: a 302 to `/_emulator/`. The server asks only after a
 * static directory had no index.html for it, so a test site's own root page keeps precedence.
 */
export function rootRedirect(path: string, method: string): Reply | undefined {
  if (path !== '/' || (method !== 'GET' && method !== 'HEAD')) return undefined;
  return {
    status: 302,
    headers: { location: VIEWER_PAGE, 'content-type': 'text/plain; charset=utf-8' },
    body: method === 'HEAD' ? undefined : `The viewer is at ${VIEWER_PAGE}\n`,
  };
}

/**
 * The viewer's files from `dir` (its `index.html`, `app.js`, `app.css`): undefined for a path
 * that is not the viewer's; a plain-text 404 saying how to build it when it is not built.
 */
export async function serveViewer(
  dir: string,
  path: string,
  method: string,
): Promise<Reply | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (path === VIEWER_PAGE.slice(0, -1)) {
    // Relative links in the page resolve against `/_emulator/`, so send the slash along.
    return {
      status: 302,
      headers: { location: VIEWER_PAGE, 'content-type': 'text/plain' },
      body: '',
    };
  }
  let file: string;
  if (path === VIEWER_PAGE) file = '/index.html';
  else if (path.startsWith(VIEWER_FILES) || path === VIEWER_FILES.slice(0, -1)) {
    file = path.slice(VIEWER_FILES.length - 1) || '/';
  } else return undefined;

  const reply = await serveStatic(dir, file, method);
  if (reply) return reply;
  const built = await serveStatic(dir, '/index.html', 'HEAD');
  const text = built
    ? `The viewer has no file ${safeDecode(file)}.`
    : `The emulator's viewer is not built: ${join(dir, 'index.html')} is missing.\n` +
      'Run `npm run build` (it compiles the viewer into packages/emulator/dist/emulator/viewer/), then reload this page.\n' +
      'The JSON routes work without it: /_emulator/sessions, /_emulator/events, /_emulator/requests.';
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: method === 'HEAD' ? undefined : text + '\n',
  };
}
