// Files embedded into the compiled binary with `import … with { type: 'file' }`: the import yields
// a path (under /$bunfs/ inside a compiled binary, the real path when running from source).
declare module '*.so.1' {
  const path: string;
  export default path;
}
declare module '*.onnx' {
  const path: string;
  export default path;
}
