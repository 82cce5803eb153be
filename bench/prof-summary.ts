/**
 * Summarises a V8 .cpuprofile (from node --cpu-prof, e.g. BENCH_CPU_PROF=1):
 * self time by function and by package, heaviest first.
 *
 *   node --import tsx bench/prof-summary.ts bench/results/prof/CPU.*.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const where = (url: string) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.includes('/server/')) return 'bugday server/';
  if (url.includes('/shared/')) return 'bugday shared/';
  return url ? url.replace(/^.*\//, '') : '(native)';
};

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    pkg.set(where(frame.url), (pkg.get(where(frame.url)) ?? 0) + us);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  console.log('by package:\n' + top(pkg, 12).join('\n'));
  console.log('by function:\n' + top(fn, 25).join('\n'));
}
