// Errors: a few classes, each with a stable code (SCREAMING_SNAKE, prefixed by area: ZIP_, AXML_,
// MACHO_, PLIST_, …), context naming where it happened, and an optional cause chain. The CLI renders
// `error[CODE] file!entry @ 0xOFFSET: message` and maps the class to a documented exit code.
// Anything thrown that is not a MamError is a bug: only then does the CLI print a stack trace.

export interface ErrorContext {
  /** The file on disk (input, keystore, policy…). */
  file?: string;
  /** A path inside an archive, or a named part of a structure ("string pool", "code directory"). */
  entry?: string;
  /** Byte offset inside the entry or file. */
  offset?: number;
  /** Mach-O slice (architecture name) where relevant. */
  slice?: string;
  /** Pipeline stage that was running. */
  stage?: string;
  /** A short, actionable hint shown after the message. */
  hint?: string;
}

export const EXIT = {
  OK: 0,
  BUG: 1,
  USAGE: 2,
  MALFORMED: 3,
  REFUSED: 4,
  SIGNING: 5,
  VERIFY_FAILED: 6,
  IO: 7,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export abstract class MamError extends Error {
  abstract readonly exitCode: ExitCode;
  readonly code: string;
  readonly context: ErrorContext;

  constructor(code: string, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = { ...context };
    this.name = new.target.name;
  }

  /** Adds context (without overwriting what is already known) and returns this, for rethrowing. */
  within(context: ErrorContext): this {
    for (const [k, v] of Object.entries(context) as [keyof ErrorContext, never][]) {
      if (this.context[k] === undefined && v !== undefined) this.context[k] = v;
    }
    return this;
  }
}

/** The command line was wrong (unknown option, missing argument, bad value). Exit 2. */
export class UsageError extends MamError {
  readonly exitCode = EXIT.USAGE;
}

/** The input is not a well-formed instance of its format. Exit 3. */
export class MalformedInputError extends MamError {
  readonly exitCode = EXIT.MALFORMED;
}

/** The input is well-formed, but a preflight rule refuses to work on it. Exit 4. */
export class PreflightError extends MamError {
  readonly exitCode = EXIT.REFUSED;
}

/** Keys, certificates, passwords, profiles: anything that stops us from producing a signature. Exit 5. */
export class SigningError extends MamError {
  readonly exitCode = EXIT.SIGNING;
}

/** A signature or seal did not verify. Exit 6. */
export class VerificationError extends MamError {
  readonly exitCode = EXIT.VERIFY_FAILED;
}

/** The file system refused (missing input, unwritable output). Exit 7. */
export class IoError extends MamError {
  readonly exitCode = EXIT.IO;
}

export function isMamError(e: unknown): e is MamError {
  return e instanceof MamError;
}

/** Severity of a verification or validation issue. */
export type Severity = 'error' | 'warning' | 'info';

/** Checks return issues instead of throwing. */
export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  /** Where: a JSON path, an entry name, a slice… */
  where?: string;
}

export function hex(n: number): string {
  return '0x' + n.toString(16);
}
