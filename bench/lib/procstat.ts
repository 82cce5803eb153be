import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (getconf CLK_TCK); 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  at: number;
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
}

/** Reads /proc/PID/stat and /proc/PID/status; undefined once the process is gone. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
    return { at: performance.now(), cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** CPU use between two samples, as a percentage of one core. */
export function cpuPercent(from: ProcSample | undefined, to: ProcSample | undefined): number {
  if (!from || !to || to.at <= from.at) return NaN;
  return (100 * (to.cpuSeconds - from.cpuSeconds)) / ((to.at - from.at) / 1000);
}

/** Samples several processes at once, e.g. every load-generator worker. */
export function sampleAll(pids: number[]): Array<ProcSample | undefined> {
  return pids.map(sampleProcess);
}

export function totalCpuPercent(from: Array<ProcSample | undefined>, to: Array<ProcSample | undefined>): number {
  return from.reduce((sum, sample, index) => sum + (cpuPercent(sample, to[index]) || 0), 0);
}

export interface MachineSample {
  at: number;
  busy: number;
  total: number;
  /** Time the hypervisor gave our vCPUs to someone else (this box is a VM). */
  steal: number;
  /** Interrupt work, much of it loopback TCP, charged to no process. */
  softirq: number;
}

/** All cores together, from /proc/stat: whether the box itself was saturated (softirq of loopback included). */
export function sampleMachine(): MachineSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { at: performance.now(), busy, total: busy + idle! + iowait!, steal: steal!, softirq: softirq! + irq! };
}

/** Busy share of the whole machine between two samples, in percent of one core (200 = both cores of two). */
export function machineBusyPercent(from: MachineSample, to: MachineSample, cores: number, part: 'busy' | 'steal' | 'softirq' = 'busy'): number {
  const total = to.total - from.total;
  return total > 0 ? (100 * cores * (to[part] - from[part])) / total : NaN;
}

/** CPU seconds of every process on the box by pid, with its command name. */
export function sampleEveryProcess(): Map<number, { name: string; cpuSeconds: number }> {
  const all = new Map<number, { name: string; cpuSeconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\/\d+$/, '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      all.set(Number(entry), { name, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // gone between readdir and read
    }
  }
  return all;
}

/** Who else used the CPU between two samples, by command name, in percent of one core, heaviest first. */
export function otherConsumers(
  from: Map<number, { name: string; cpuSeconds: number }>,
  to: Map<number, { name: string; cpuSeconds: number }>,
  seconds: number,
  exclude: number[],
): string {
  const byName = new Map<string, number>();
  for (const [pid, now] of to) {
    if (exclude.includes(pid)) continue;
    const used = now.cpuSeconds - (from.get(pid)?.cpuSeconds ?? 0);
    if (used > 0) byName.set(now.name, (byName.get(now.name) ?? 0) + used);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .filter(([, used]) => (100 * used) / seconds >= 2)
    .map(([name, used]) => `${name} ${Math.round((100 * used) / seconds)}%`)
    .join(', ');
}
