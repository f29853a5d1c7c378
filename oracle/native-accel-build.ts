// Binaryen's part of the native runner's own WebAssembly modules (native-accel.ts): text to a
// validated binary, the accelerator's kernels inlined. Imported only when the build cache lacks a
// binary (wasm-cache.ts): binaryen takes ~0.5 s to load, more than a native block run without it.
import binaryen from 'binaryen';
import type { WasmRecipe } from './wasm-cache';

/**
 * Binaryen's inlining pass on the module, every internal function inlined into its callers: V8 does
 * not inline WebAssembly calls, and the dispatcher's calls to the kernels cost about as much as a
 * modular addition. (The whole -O2 pipeline after it measured no faster and takes a second more to
 * run.) Binaryen's inlining limits are process-wide (the AssemblyScript compiler uses them too), so
 * they are restored afterwards.
 */
function inlineAll(module: binaryen.Module): void {
  const saved = { oneCaller: binaryen.getOneCallerInlineMaxSize(), flexible: binaryen.getFlexibleInlineMaxSize() };
  try {
    binaryen.setOneCallerInlineMaxSize(1 << 20);
    binaryen.setFlexibleInlineMaxSize(1 << 20);
    module.runPasses(['inlining']);
  } finally {
    binaryen.setOneCallerInlineMaxSize(saved.oneCaller);
    binaryen.setFlexibleInlineMaxSize(saved.flexible);
  }
}

/** The recipe's module: its text parsed, SIMD and bulk memory enabled when asked, validated, inlined when asked (validated again). */
export function textToBinary(recipe: WasmRecipe): Uint8Array {
  const module = binaryen.parseText(recipe.text);
  try {
    if (recipe.simd) module.setFeatures(binaryen.Features.SIMD128 | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt);
    if (!module.validate()) throw new Error(`oracle bug: the ${recipe.name} module does not validate`);
    if (recipe.inline) {
      inlineAll(module);
      if (!module.validate()) throw new Error(`oracle bug: the ${recipe.name} module does not validate after inlining`);
    }
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}
