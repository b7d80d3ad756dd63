// Loaded with `await import()` only when a configuration file exists, so the bundler keeps the YAML parser
// in a chunk of its own (a static import here also keeps its CommonJS interop right).
export { parse } from 'yaml';
