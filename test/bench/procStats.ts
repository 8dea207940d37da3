/** Linux /proc readings for benchmarks: CPU and memory of processes, UDP socket drops. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** USER_HZ on Linux: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS = 100;

function statFields(pid: number): string[] | undefined {
	try {
		// The command name may hold spaces: the fields start after its closing parenthesis.
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	} catch {
		return undefined;
	}
}

/** CPU seconds (user + system, all threads) a process has used; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
	const f = statFields(pid);
	return f ? (Number(f[11]) + Number(f[12])) / TICKS : 0;
}

/**
 * Seconds a process's threads have spent runnable but waiting for a CPU
 * (/proc/<pid>/task/<tid>/schedstat, second field): how much it was starved.
 */
export function runQueueWaitSeconds(pid: number): number {
	let ns = 0;
	try {
		for (const tid of readdirSync(`/proc/${pid}/task`)) {
			try {
				ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
			} catch {
				// thread gone
			}
		}
	} catch {
		return 0;
	}
	return ns / 1e9;
}

/** A process's command name (/proc/<pid>/comm, at most 15 characters, e.g. "mediasoup-worke"); '' once it is gone. */
export function commandName(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	} catch {
		return '';
	}
}

/** Resident memory of a process in bytes; 0 once it is gone. */
export function rssBytes(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** Every live process under `root` (not root itself). */
export function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const f = statFields(Number(name));
		if (!f) continue;
		const ppid = Number(f[1]);
		const list = children.get(ppid) ?? [];
		list.push(Number(name));
		children.set(ppid, list);
	}
	const out: number[] = [];
	const stack = [...(children.get(root) ?? [])];
	while (stack.length > 0) {
		const pid = stack.pop()!;
		out.push(pid);
		stack.push(...(children.get(pid) ?? []));
	}
	return out;
}

/** Processes whose command line contains `text` (e.g. a browser's --user-data-dir, which its zygote-forked children share). */
export function pidsWithArg(text: string): number[] {
	const out: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) out.push(Number(name));
		} catch {
			// gone
		}
	}
	return out;
}

/** Whole-machine CPU: busy and total ticks since boot, over all cores. */
export function machineTicks(): { busy: number; total: number } {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
	const v = line.trim().split(/\s+/).slice(1).map(Number);
	const total = v.reduce((a, b) => a + b, 0);
	const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
	return { busy: total - idle, total };
}

/**
 * Datagrams the kernel dropped per local UDP port (its receive buffer was
 * full: the owner did not read fast enough), from /proc/net/udp.
 */
export function udpDropsByPort(): Map<number, number> {
	const drops = new Map<number, number>();
	let text: string;
	try {
		text = readFileSync('/proc/net/udp', 'utf8');
	} catch {
		return drops;
	}
	for (const line of text.split('\n').slice(1)) {
		const f = line.trim().split(/\s+/);
		if (f.length < 13) continue;
		const port = Number.parseInt(f[1]!.split(':')[1]!, 16);
		drops.set(port, (drops.get(port) ?? 0) + Number(f[12]));
	}
	return drops;
}

/** Datagrams the kernel dropped at the UDP sockets a process holds (e.g. a mediasoup worker's). */
export function udpDropsOfProcess(pid: number): number {
	const inodes = new Set<string>();
	try {
		for (const fd of readdirSync(`/proc/${pid}/fd`)) {
			try {
				const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
				if (m) inodes.add(m[1]!);
			} catch {
				// closed meanwhile
			}
		}
		let drops = 0;
		for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
			const f = line.trim().split(/\s+/);
			if (f.length >= 13 && inodes.has(f[9]!)) drops += Number(f[12]);
		}
		return drops;
	} catch {
		return 0;
	}
}
