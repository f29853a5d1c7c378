// Test guests that export functions (programs/as/tests/*-exports.ts): compiled with asc, instantiated
// directly with the host's WebAssembly imports (output discarded), called from the test.
import { wasmImports } from '../../oracle/host';
import { compileAssemblyScript } from '../../toolchain/asc';

export interface ExportGuest<F> {
  /** the guest's memory now (a fresh view: the buffer may have been replaced) */
  readonly mem: () => Uint8Array;
  readonly fn: F;
}

export async function loadExportGuest<F>(entry: string): Promise<ExportGuest<F>> {
  const { wasm } = await compileAssemblyScript(entry);
  let memory: WebAssembly.Memory | undefined;
  const mem = () => new Uint8Array(memory!.buffer);
  const imports = wasmImports({ sink: { write: () => undefined } as never }, () => (memory ? mem() : new Uint8Array(0)));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), imports as WebAssembly.Imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  return { mem, fn: instance.exports as unknown as F };
}
