import { commonJsDefault } from './commonJsDefault.js';

describe('commonJsDefault', () => {
  const Icon = () => null;

  it('unwraps a CommonJS module handed over whole (webpack and rspack)', () => {
    expect(commonJsDefault({ default: Icon } as unknown as typeof Icon)).toBe(Icon);
  });

  it('keeps a default already unwrapped (Vite, Jest)', () => {
    expect(commonJsDefault(Icon)).toBe(Icon);
  });
});
