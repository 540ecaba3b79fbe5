import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** What the figures were measured on (docs/bench.md prints it beside the table). */
export interface MachineInfo {
  /** Online CPUs as the OS reports them (`nproc`). */
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  /** 1-, 5- and 15-minute load averages when the run started: above nproc means other work was running. */
  loadAverage: number[];
  node: string;
  kernel: string;
}

function cpuModelFromProc(): string | null {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? m[1].trim() : null;
  } catch {
    return null;
  }
}

function kernel(): string {
  try {
    return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    return process.platform;
  }
}

export function machineInfo(): MachineInfo {
  const gib = (b: number) => Math.round((b / 1024 ** 3) * 10) / 10;
  return {
    nproc: cpus().length,
    cpuModel: cpuModelFromProc() ?? cpus()[0]?.model ?? 'unknown',
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    kernel: kernel(),
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.nproc} CPU (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, Linux ${m.kernel}; load average ${m.loadAverage.join(' ')}`;
}
