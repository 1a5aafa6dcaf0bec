// Builds the predecessor's CDN bundle (aws-rum-web, installed as a devDependency and used only
// as a black box) the way its CDN build does: its browser entry, es2017, minified IIFE.
const fs = require('fs');
const path = require('path');
const { rollup } = require('rollup');
const { nodeResolve } = require('@rollup/plugin-node-resolve');
const commonjs = require('@rollup/plugin-commonjs');
const terser = require('@rollup/plugin-terser');

const OUT = path.join(__dirname, '.cache', 'predecessor-cwr.js');

const buildPredecessor = async () => {
  const pkg = require('aws-rum-web/package.json');
  const stamp = path.join(__dirname, '.cache', 'predecessor-version');
  if (fs.existsSync(OUT) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === pkg.version)
    return OUT;
  const bundle = await rollup({
    input: require.resolve('aws-rum-web/dist/es/index-browser.js'),
    plugins: [nodeResolve({ browser: true, preferBuiltins: false }), commonjs()],
    onwarn: () => undefined,
  });
  await bundle.write({
    file: OUT,
    format: 'iife',
    plugins: [terser({ ecma: 2017 })],
    inlineDynamicImports: true,
  });
  await bundle.close();
  fs.writeFileSync(stamp, pkg.version);
  return OUT;
};

module.exports = { buildPredecessor };
if (require.main === module) buildPredecessor().then((f) => console.log(f));
