/**
 * Benchmarks that measure peak memory run each variant in a process of its own: the script starts
 * itself with arguments, and the child prints its result as the last line of stdout, as JSON.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function runSelfInChild<T>(scriptUrl: string, args: readonly string[], label: string): Promise<T> {
  const script = fileURLToPath(scriptUrl);
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString('utf8');
  });
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const line = output.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${label} failed (${code ?? signal}): ${output.slice(-500)}`));
      else resolvePromise(JSON.parse(line) as T);
    });
  });
}
