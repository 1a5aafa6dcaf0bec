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
