/* TEMPORARY stand-in for the wasm-bindgen output `pkg/insights.d.ts`, used only
 * while `pkg/` has not been generated yet. It is written from the interface the
 * lead specified for the Rust core. Once `bash scripts/build.sh` has produced
 * the real `pkg/insights.d.ts`, delete `shim/stub/` and the `rootDirs` entry in
 * `shim/tsconfig.json` so the shim type-checks against the generated glue only. */

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export default function __wbg_init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;

export function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown;

export class InsightsCore {
  free(): void;
  constructor(config: any, endpoint: string);
  readonly active: boolean;
  capture(event: any, timestampMs: number): void;
  setIdentity(userEntityRef?: string | null): void;
  setToken(token?: string | null): void;
  flush(): void;
  stats(): any;
}

export function scrub(text: string): string;
