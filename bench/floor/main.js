// The floor's entry module, shaped like the plugin's (src/ui/index.js): load the wasm, mount,
// set the mark; and the wasm memory's size for the benchmark.
import init, { mount } from './floor.js';

const wasm = await init({ module_or_path: new URL('./floor_bg.wasm', import.meta.url) });
mount();
performance.mark('floor:mounted');

export function memoryBytes() {
  return wasm.memory.buffer.byteLength;
}
