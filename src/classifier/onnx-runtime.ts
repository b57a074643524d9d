import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
// The shared library sits beside the N-API binding in the npm package. Bun embeds and extracts the
// `.node` binding in a compiled binary, but not the library it links against, so we embed it too.
import embeddedLibraryPath from '../../node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1' with { type: 'file' };

/** What /healthz reports about the runtime. */
export interface OnnxRuntimeStatus {
  version: string | null;
  loaded: boolean;
  error?: string;
}

export type OnnxRuntimeModule = typeof import('onnxruntime-node');

/** True inside a `bun build --compile` executable, where embedded files live under `/$bunfs/`. */
export function isCompiledBinary(): boolean {
  return Bun.isStandaloneExecutable;
}

/**
 * Where the runtime library may be written, in order: the user cache, then the temp folder. The
 * folder must allow executable mappings, which a temp folder often does not (noexec), hence last.
 */
export function runtimeCacheDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const directories: string[] = [];
  if (env.XDG_CACHE_HOME) directories.push(join(env.XDG_CACHE_HOME, 'coderouter'));
  const home = env.HOME ?? safeHomedir();
  if (home) directories.push(join(home, '.cache', 'coderouter'));
  directories.push(join(tmpdir(), 'coderouter-cache'));
  return directories;
}

function safeHomedir(): string | null {
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

/**
 * Writes the embedded `libonnxruntime.so.1` to `<cache>/onnxruntime-<hash>/` once (keyed by its
 * content hash, written to a temp name and renamed so concurrent starts never see half a file) and
 * returns its path. A later start finds it and writes nothing. A folder that cannot be written
 * (read-only home, full disk) passes to the next one.
 */
export async function extractEmbeddedLibrary(directories = runtimeCacheDirectories()): Promise<string> {
  const bytes = new Uint8Array(await Bun.file(embeddedLibraryPath).arrayBuffer());
  const hash = Bun.hash.wyhash(bytes).toString(16).padStart(16, '0');
  const problems: string[] = [];
  for (const directory of directories) {
    const folder = join(directory, `onnxruntime-${hash}`);
    const target = join(folder, 'libonnxruntime.so.1');
    try {
      if (statSync(target, { throwIfNoEntry: false })?.size === bytes.byteLength) return target;
      mkdirSync(folder, { recursive: true });
      const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, bytes, { mode: 0o755 });
      renameSync(temporary, target);
      return target;
    } catch (error) {
      problems.push(`${directory}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`cannot write the onnxruntime library to any cache folder (${problems.join('; ')})`);
}

/**
 * Loads the library into the process so that the binding's `NEEDED libonnxruntime.so.1` resolves
 * to it (the dynamic linker matches already-loaded libraries by soname). The handle is kept for
 * the life of the process on purpose: closing it would unload the runtime under the binding.
 */
let keptLibraryHandle: unknown = null;
async function preloadLibrary(libraryPath: string): Promise<void> {
  const { dlopen, FFIType } = await import('bun:ffi');
  keptLibraryHandle = dlopen(libraryPath, { OrtGetApiBase: { args: [], returns: FFIType.ptr } });
}

let loading: Promise<OnnxRuntimeModule> | null = null;
let status: OnnxRuntimeStatus = { version: null, loaded: false };

/**
 * onnxruntime-node, ready to create sessions. From source it is imported as usual; inside a compiled
 * binary the embedded runtime library is extracted and preloaded first.
 * @see ../../../shared/RUNTIME-NOTES.md "`bun build --compile` with a native ONNX runtime"
 */
export function loadOnnxRuntime(): Promise<OnnxRuntimeModule> {
  loading ??= (async () => {
    try {
      if (isCompiledBinary()) await preloadLibrary(await extractEmbeddedLibrary());
      const ort = await import('onnxruntime-node');
      status = { version: ort.env.versions?.common ?? null, loaded: true };
      return ort;
    } catch (error) {
      status = { version: null, loaded: false, error: error instanceof Error ? error.message : String(error) };
      throw error;
    }
  })();
  return loading;
}

export function onnxRuntimeStatus(): OnnxRuntimeStatus {
  return { ...status };
}

/** Keeps a failure that happened after the runtime loaded (e.g. the model would not parse) for /healthz. */
export function recordOnnxRuntimeError(error: unknown): void {
  status = { ...status, error: error instanceof Error ? error.message : String(error) };
}

export interface ModelInfo {
  name: string;
  version: string;
  sizeBytes: number;
  sha256: string;
}

/** What /healthz reports about the classifier. */
export interface ClassifierInfo {
  classifier: 'onnx' | 'heuristic';
  model: ModelInfo | null;
  onnxruntime: OnnxRuntimeStatus;
  /** Milliseconds `loadClassifier()` took (runtime extraction, dlopen, session creation). */
  loadMs: number;
}

let classifierLoad: { classifier: 'onnx' | 'heuristic'; model: ModelInfo | null; loadMs: number } = {
  classifier: 'heuristic',
  model: null,
  loadMs: 0,
};

/** Called by `loadClassifier()` once it knows which classifier serves. */
export function recordClassifierLoad(load: typeof classifierLoad): void {
  classifierLoad = load;
}

/** The classifier in use, its model and the runtime's state (with the load error, if any), for /healthz. */
export function getClassifierInfo(): ClassifierInfo {
  return { ...classifierLoad, model: classifierLoad.model && { ...classifierLoad.model }, onnxruntime: onnxRuntimeStatus() };
}
