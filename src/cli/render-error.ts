// How errors reach the user: one line with the code and where it happened, then a hint. A stack
// trace only for bugs (anything that is not a MamError), and then with a plea to report it.

import { EXIT, isMamError, hex, type ErrorContext, type ExitCode } from '../core/errors.js';

export function describeWhere(ctx: ErrorContext): string {
  const parts: string[] = [];
  let place = ctx.file ?? '';
  if (ctx.entry) place = place ? `${place}!${ctx.entry}` : ctx.entry;
  if (ctx.slice) place = place ? `${place} [${ctx.slice}]` : `[${ctx.slice}]`;
  if (place) parts.push(place);
  if (ctx.offset !== undefined) parts.push(`@ ${hex(ctx.offset)}`);
  return parts.join(' ');
}

export interface RenderedError {
  exitCode: ExitCode;
  text: string;
  json: { code: string; message: string; exitCode: number; file?: string; entry?: string; offset?: number; slice?: string; stage?: string; hint?: string };
}

export function renderError(e: unknown): RenderedError {
  if (isMamError(e)) {
    const where = describeWhere(e.context);
    let text = `error[${e.code}]${where ? ' ' + where : ''}: ${e.message}`;
    if (e.context.stage) text += `\n  during: ${e.context.stage}`;
    if (e.context.hint) text += `\n  hint: ${e.context.hint}`;
    const { file, entry, offset, slice, stage, hint } = e.context;
    return { exitCode: e.exitCode, text, json: { code: e.code, message: e.message, exitCode: e.exitCode, file, entry, offset, slice, stage, hint } };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const text =
    `error[INTERNAL] this is a bug in mam, please report it with the command you ran:\n${err.stack ?? err.message}`;
  return { exitCode: EXIT.BUG, text, json: { code: 'INTERNAL', message: err.message, exitCode: EXIT.BUG } };
}
