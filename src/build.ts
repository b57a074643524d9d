/**
 * `bun run build`: one self-contained executable, `dist/coderouter`, that runs from an empty folder.
 * Everything it needs at run time is embedded: the ONNX model and `libonnxruntime.so.1` (imported
 * `with { type: 'file' }` by src/classifier), migrations as text (`.sql` loader).
 * Usage: `bun src/build.ts [entry] [--outfile path] [--target bun-linux-x64-baseline]`.
 * @see ../../shared/RUNTIME-NOTES.md "`bun build --compile` with a native ONNX runtime"
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  args: Bun.argv.slice(2),
  allowPositionals: true,
  options: {
    outfile: { type: 'string', default: 'dist/coderouter' },
    target: { type: 'string', default: 'bun-linux-x64' },
  },
});

const entry = positionals[0] ?? 'src/main.ts';
const started = performance.now();
const result = await Bun.build({
  // The ledger's Worker is a second entry point: a compiled binary only embeds workers it is told about.
  entrypoints: [entry, 'src/gateway/ledger-worker.ts'],
  compile: { target: values.target as Bun.Build.CompileTarget, outfile: values.outfile },
  loader: { '.sql': 'text' },
  minify: true,
});

if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
const bytes = statSync(values.outfile).size;
console.log(`built ${values.outfile} from ${entry}: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${Math.round(performance.now() - started)} ms`);
