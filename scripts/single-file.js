// Writes dist/cdn/cwr-all.js: cwr.js with every chunk inlined, for sites that host one file.
// Each chunk registers its module in window.__cwrChunks when it runs (src/cdn/register.ts), and
// cwr.js looks there before it adds a chunk's script (src/cdn/load.ts): so the chunks come
// first, then cwr.js, one after the other in one classic script.
const fs = require('fs');
const path = require('path');

const SINGLE_FILE = 'cwr-all.js';

/** A built file's code without its source-map link or compile hint (they are per file). */
const code = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/^\/\/# allFunctionsCalledOnLoad\n/, '')
    .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '');

/** Writes `cdnDir`/cwr-all.js from the cwr.js and chunk files already built there. */
function writeSingleFile(cdnDir) {
  const chunks = fs
    .readdirSync(cdnDir)
    .filter((f) => /^cwr-.+\.js$/.test(f) && f !== SINGLE_FILE)
    .sort();
  // (No compile hint: it would compile every chunk eagerly, the replay recorder included.)
  const parts = [...chunks, 'cwr.js'].map((f) => `// ${f}\n${code(path.join(cdnDir, f))}`);
  fs.writeFileSync(path.join(cdnDir, SINGLE_FILE), parts.join(';\n') + '\n');
  return chunks;
}

module.exports = { SINGLE_FILE, writeSingleFile };
