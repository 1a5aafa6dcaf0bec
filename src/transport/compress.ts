/** Bodies smaller than this are sent as they are: compression would not pay for itself. */
export const MIN_COMPRESS_BYTES = 2048;

/**
 * Gzips a body with the browser's CompressionStream. Resolves undefined when the browser has
 * no CompressionStream or when gzip saves less than 20%.
 */
export const gzip = async (body: string): Promise<Uint8Array | undefined> => {
  if (body.length < MIN_COMPRESS_BYTES || typeof CompressionStream === 'undefined')
    return undefined;
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  return out.byteLength <= new TextEncoder().encode(body).byteLength * 0.8 ? out : undefined;
};
