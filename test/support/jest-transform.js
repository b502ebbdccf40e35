// NestJS 12 ships ES modules only. Node runs them through require(esm), but Jest's module runtime on
// Node 20 cannot, so Jest compiles them (and our TypeScript) to CommonJS with SWC.
const { createTransformer } = require('@swc/jest');

const swc = createTransformer({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: 'inline',
});

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;

function prepare(source) {
  return IMPORT_META_URL.test(source) ? source.replace(IMPORT_META_URL, '("file://" + __filename)') : source;
}

module.exports = {
  canInstrument: false,
  process(source, path, options) {
    return swc.process(prepare(source), path, options);
  },
  getCacheKey(source, path, options) {
    return 'v2' + swc.getCacheKey(prepare(source), path, options);
  },
};
