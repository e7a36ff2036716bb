import path from 'node:path';
import type { WireEvent } from 'backstage-plugin-insights-wasm-common';

/** The Rust scrubber the module runs in the browser, built for Node (scripts/build.sh). */
interface ScrubberWasm {
  scrubTexts(texts: string[], userEntityRef: string | undefined, allowedQueryParams: string[]): string[];
}

const WASM_DIR = path.resolve(__dirname, '..', '..', 'wasm');
let wasm: ScrubberWasm | undefined;

function loadWasm(): ScrubberWasm {
  if (!wasm) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      wasm = require(path.join(WASM_DIR, 'insights.js')) as ScrubberWasm;
    } catch (e) {
      throw new Error(
        `the Insights scrubber (${WASM_DIR}) did not load: ${(e as Error).message}; ` +
          'in this repository run `bash scripts/build.sh`',
      );
    }
  }
  return wasm;
}

/** Keys longer than this are dropped, as the module drops them. */
const MAX_KEY_BYTES = 128;

export interface ScrubSettings {
  allowedQueryParams: string[];
  /** Lowercase keys dropped outright. */
  redactAttributes: string[];
  /** When set, the only attribute keys kept (compared ignoring ASCII case, as the module does). */
  allowedAttributes?: string[];
  /** When set, the only context keys kept (compared ignoring ASCII case, as the module does). */
  allowedContext?: string[];
}

/** Lowercases A-Z only: Rust's `eq_ignore_ascii_case`, which the module compares keys with. */
const asciiLower = (key: string) => key.replace(/[A-Z]+/g, c => c.toLowerCase());
const allowSet = (keys: string[] | undefined) => (keys ? new Set(keys.map(asciiLower)) : undefined);

type FlatMap = WireEvent['attributes'];

/**
 * Every string of every event through the same Rust rules as the module,
 * with the token's user as the signed-in user, in one call per batch. The
 * events given are not changed.
 */
export class EventScrubber {
  private readonly redact: Set<string>;
  private readonly allowedAttributes: Set<string> | undefined;
  private readonly allowedContext: Set<string> | undefined;

  constructor(private readonly settings: ScrubSettings) {
    this.redact = new Set(settings.redactAttributes);
    this.allowedAttributes = allowSet(settings.allowedAttributes);
    this.allowedContext = allowSet(settings.allowedContext);
    loadWasm();
  }

  scrub(events: WireEvent[], userEntityRef: string | undefined): WireEvent[] {
    const texts: string[] = [];
    // A key on the redact list is dropped even when an allow-list names it.
    const keep = (m: FlatMap, allowed: Set<string> | undefined) =>
      Object.entries(m).filter(
        ([k]) =>
          !this.redact.has(k.toLowerCase()) &&
          (!allowed || allowed.has(asciiLower(k))) &&
          Buffer.byteLength(k) <= MAX_KEY_BYTES,
      );
    const kept = events.map(e => {
      const attributes = keep(e.attributes, this.allowedAttributes);
      const context = keep(e.context, this.allowedContext);
      texts.push(e.action, e.subject);
      for (const [, v] of [...attributes, ...context]) if (typeof v === 'string') texts.push(v);
      return { e, attributes, context };
    });
    const scrubbed = loadWasm().scrubTexts(texts, userEntityRef, this.settings.allowedQueryParams);
    let i = 0;
    const next = () => scrubbed[i++];
    const rebuild = (entries: [string, string | number | boolean][]): FlatMap =>
      Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? next() : v]));
    return kept.map(({ e, attributes, context }) => {
      const action = next();
      const subject = next();
      const out: WireEvent = {
        id: e.id,
        timestamp: e.timestamp,
        action,
        subject,
        attributes: rebuild(attributes),
        context: rebuild(context),
        identity: e.identity,
      };
      if (e.value !== undefined) out.value = e.value;
      return out;
    });
  }
}
