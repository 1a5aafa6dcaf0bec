/** Registers a chunk's module for cwr.js to pick up (called by the chunk file itself). */
export const registerChunk = (file: string, module: unknown): void => {
  (window.__cwrChunks ??= {})[file] = module;
};
