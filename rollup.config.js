// Builds the CDN bundle (dist/cdn/cwr.js, an IIFE, with the lazily loaded auth chunk
// dist/cdn/cwr-auth.js — SigV4, Cognito, STS — a classic script too, beside it) and the npm module (ESM + CJS + .d.ts).
// The client's files are written under CWR_OUT_DIR (default dist), the emulator viewer's under
// CWR_EMULATOR_OUT_DIR (default packages/emulator/dist, the emulator package): `npm run build`
// points both at staging directories and swaps them in when the whole build has succeeded
// (scripts/build.js).
const path = require('path');
const typescript = require('@rollup/plugin-typescript');
const { nodeResolve } = require('@rollup/plugin-node-resolve');
const terser = require('@rollup/plugin-terser');
const { dts } = require('rollup-plugin-dts');

const OUT = process.env.CWR_OUT_DIR || 'dist';
const out = (file) => path.join(OUT, file);
const EMULATOR_OUT = process.env.CWR_EMULATOR_OUT_DIR || 'packages/emulator/dist';
const emulatorOut = (file) => path.join(EMULATOR_OUT, file);

// The framework entries' peer dependencies: imported, never bundled.
const REACT_PEERS = (id) => /^(react|react-dom|react-router)(\/|$)/.test(id);

const ts = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    declaration: false,
    declarationDir: undefined,
    noEmitOnError: true,
  });

// In the CDN build, the auth chunk is loaded from beside cwr.js instead of a bundler chunk.
const cdnSignerLoader = {
  name: 'cdn-signer-loader',
  resolveId(source) {
    if (/lazy\/load$/.test(source)) {
      return path.resolve(__dirname, 'src/cdn/load.ts');
    }
    return null;
  },
};

const minify = (mangleProps) =>
  terser({
    ecma: 2020,
    compress: { passes: 2 },
    mangle: mangleProps ? { properties: { regex: /^_[a-z]/ } } : true,
    // V8 (Chromium 136+) compiles every function of a script with this comment eagerly, while
    // streaming it off the main thread, instead of lazily on the main thread at first call.
    format: { comments: false, preamble: '//# allFunctionsCalledOnLoad' },
  });

const viewerTs = () =>
  typescript({
    tsconfig: false,
    // The viewer also reads the service's rules (RUM_PREFIX) from src/domain/rules.ts.
    include: ['emulator/viewer/**/*.ts', 'src/domain/rules.ts'],
    compilerOptions: {
      target: 'ES2020',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
      strict: true,
      isolatedModules: true,
      skipLibCheck: true,
    },
    noEmitOnError: true,
  });

module.exports = [
  {
    input: 'src/cdn/entry.ts',
    output: { file: out('cdn/cwr.js'), format: 'iife', plugins: [minify(true)], sourcemap: true },
    plugins: [cdnSignerLoader, nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/auth-chunk.ts',
    output: {
      file: out('cdn/cwr-auth.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/diag-chunk.ts',
    output: {
      file: out('cdn/cwr-diag.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/dom-chunk.ts',
    output: {
      file: out('cdn/cwr-dom.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/perf-chunk.ts',
    output: {
      file: out('cdn/cwr-perf.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/insights-chunk.ts',
    output: {
      file: out('cdn/cwr-insights.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/replay-chunk.ts',
    output: {
      file: out('cdn/cwr-replay.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: 'src/cdn/config-chunk.ts',
    output: {
      file: out('cdn/cwr-config.js'),
      format: 'iife',
      plugins: [minify(false)],
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: { index: 'src/index.ts' },
    output: [
      {
        dir: OUT,
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
        sourcemap: true,
      },
      {
        dir: OUT,
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        sourcemap: true,
      },
    ],
    plugins: [ts()],
  },
  // The framework entries (cloudwatch-rum-web/react, cloudwatch-rum-web/react-router): nothing
  // of the client, their peers left to the app's bundler. react-router.mjs imports react.mjs.
  // 'use client': usable from React Server Components (Next.js) as the client components they are.
  {
    input: { react: 'src/react/index.ts', 'react-router': 'src/react/router.ts' },
    external: REACT_PEERS,
    output: ['es', 'cjs'].map((format) => ({
      dir: OUT,
      format,
      entryFileNames: `[name].${format === 'es' ? 'mjs' : 'cjs'}`,
      banner: "'use client';",
      sourcemap: true,
    })),
    plugins: [ts()],
  },
  {
    input: { react: 'src/react/index.ts', 'react-router': 'src/react/router.ts' },
    external: REACT_PEERS,
    output: { dir: OUT, format: 'es', entryFileNames: '[name].d.ts' },
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  },
  {
    // For the CLI's doctor command (Node), not a public entry point.
    input: 'src/doctor.ts',
    output: { file: out('doctor.cjs'), format: 'cjs' },
    plugins: [ts()],
  },
  {
    input: 'src/index.ts',
    output: { file: out('index.d.ts'), format: 'es' },
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  },
  // The emulator's viewer (served at /_emulator/): one classic script, plus its page and styles.
  {
    input: 'emulator/viewer/app.ts',
    output: { file: emulatorOut('emulator/viewer/app.js'), format: 'iife' },
    plugins: [
      viewerTs(),
      {
        name: 'viewer-static-files',
        buildStart() {
          for (const f of ['index.html', 'app.css']) this.addWatchFile(`emulator/viewer/${f}`);
        },
        generateBundle() {
          for (const f of ['index.html', 'app.css']) {
            this.emitFile({
              type: 'asset',
              fileName: f,
              source: require('fs').readFileSync(path.join(__dirname, 'emulator/viewer', f)),
            });
          }
        },
      },
    ],
  },
  // The viewer's session-replay player (rrweb's Replayer and its styles), loaded by the viewer
  // only when a replay is opened.
  {
    input: 'emulator/viewer/replay.ts',
    output: { file: emulatorOut('emulator/viewer/replay.js'), format: 'iife', plugins: [terser()] },
    plugins: [
      nodeResolve({ browser: true }),
      viewerTs(),
      {
        name: 'viewer-replay-styles',
        generateBundle() {
          this.emitFile({
            type: 'asset',
            fileName: 'replay.css',
            source: require('fs').readFileSync(require.resolve('@rrweb/replay/dist/style.css')),
          });
        },
      },
    ],
  },
];
