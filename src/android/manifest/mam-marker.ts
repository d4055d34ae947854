// The mam.wrapper marker that a wrapped app's <application> carries (docs/policy-spec-draft.md,
// "Embedding and digest"): <meta-data android:name="mam.wrapper"
// android:value="mam <version>; policy-sha256=<64 lowercase hex>"/>.

export const MAM_WRAPPER_META_DATA = 'mam.wrapper';

export interface MamWrapperMarker {
  /** The meta-data value as found. */
  raw: string;
  /** Set when the value has the expected form. */
  version?: string;
  policySha256?: string;
}

const MARKER = /^mam (\S+); policy-sha256=([0-9a-f]{64})$/;

/** FORMAT: "mam " version "; policy-sha256=" hex64 */
export function formatMamWrapperMarker(version: string, policySha256: string): string {
  return `mam ${version}; policy-sha256=${policySha256}`;
}

export function parseMamWrapperMarker(raw: string): MamWrapperMarker {
  const m = MARKER.exec(raw);
  return m ? { raw, version: m[1]!, policySha256: m[2]! } : { raw };
}
