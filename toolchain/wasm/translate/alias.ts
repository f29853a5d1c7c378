// Scoped no-alias metadata: linear memory and the wasm globals never overlap (the globals live above
// the memory, and an access beyond it traps or is undefined), so LLVM may keep globals in registers.

/** Appended to every linear-memory load, store, memmove and memset. */
export const LINEAR_MEMORY_ACCESS = ', !alias.scope !3, !noalias !4';

/** Appended to every load and store of a wasm global. */
export const GLOBAL_ACCESS = ', !alias.scope !4, !noalias !3';

/** The domain, its two scopes and the one-scope lists the accesses name. */
export const ALIAS_METADATA: readonly string[] = [
  '!1 = distinct !{!1, !"wasm"}',
  '!2 = distinct !{!2, !1, !"linear memory"}',
  '!5 = distinct !{!5, !1, !"globals"}',
  '!3 = !{!2}',
  '!4 = !{!5}',
];
