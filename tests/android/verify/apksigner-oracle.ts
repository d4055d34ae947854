// Runs Debian's `apksigner verify` (the oracle) on many APKs at once, a few JVMs in parallel, and
// reduces each answer to a verdict plus the schemes it reports verified.
import { spawn } from 'node:child_process';

export interface ApksignerVerdict {
  verifies: boolean;
  schemes: string[];
  output: string;
}

export interface ApksignerJob {
  apk: string;
  minSdk?: number;
  maxSdk?: number;
  idsig?: string;
}

export function apksignerArgs(job: ApksignerJob): string[] {
  const args = ['verify', '--verbose'];
  if (job.minSdk !== undefined) args.push('--min-sdk-version', String(job.minSdk));
  if (job.maxSdk !== undefined) args.push('--max-sdk-version', String(job.maxSdk));
  if (job.idsig) args.push('--v4-signature-file', job.idsig);
  return [...args, job.apk];
}

function runOne(job: ApksignerJob): Promise<ApksignerVerdict> {
  return new Promise((resolve) => {
    const p = spawn('apksigner', apksignerArgs(job), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => (output += d));
    p.stderr.on('data', (d) => (output += d));
    p.on('close', (code) => {
      const schemes = [...output.matchAll(/Verified using (v\d) scheme[^:]*: true/g)].map((m) => m[1]!);
      resolve({ verifies: code === 0 && /^Verifies/m.test(output), schemes, output });
    });
  });
}

/** Verdicts in job order; `parallel` JVMs at a time. */
export async function apksignerVerifyAll(jobs: ApksignerJob[], parallel = 4): Promise<ApksignerVerdict[]> {
  const out: ApksignerVerdict[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await runOne(jobs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  return out;
}
