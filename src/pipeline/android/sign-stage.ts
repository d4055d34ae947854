// Stage sign: the assembled APK signed with the user's key by the APK signer (src/android/sign), which
// chooses v1/v2/v3 from the min SDK of the manifest it finds, the edited one, as apksigner would.
// With --unsigned there is nothing to do and the assembled APK is the output.

import { openZip } from '../../container/zip-reader.js';
import { signApk } from '../../android/sign/apk-signer.js';
import { signingKeyFromIdentity } from '../sign-apk.js';
import { need, type WrapContext } from './wrap-context.js';

export function sign(ctx: WrapContext): void {
  const signing = ctx.options.signing;
  if (signing === undefined || signing === 'unsigned') return;
  const assembled = openZip(need(ctx.assembled, 'the assembled APK')(), { file: `${ctx.label} (assembled)` });
  const out = ctx.output.signed();
  try {
    const result = signApk(assembled, out.sink, signingKeyFromIdentity(signing.identity, signing.v1SignerName), signing.options ?? {});
    ctx.signed = { result, readBack: out.readBack };
  } finally {
    out.close();
  }
}
