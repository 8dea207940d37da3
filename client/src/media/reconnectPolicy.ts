/**
 * When to try a lost connection again (in the spirit of LiveKit's
 * DefaultReconnectPolicy): quick retries first, then every few seconds, each
 * with random jitter so that a class of phones dropped at the same instant
 * (a media worker died, the server restarted) does not come back at the same
 * instant; and a bounded time after which it stops and says so.
 *
 * Pure: the random source and the clock are injected.
 */
export interface ReconnectPolicyOptions {
	/** Base delay before each attempt, in ms; the last one repeats. */
	delaysMs?: readonly number[];
	/** Each base delay varies by up to this fraction of itself, either way. */
	jitter?: number;
	/** An attempt whose base delay is 0 is spread over 0..this many ms instead. */
	firstAttemptSpreadMs?: number;
	/** Stop once attempts have failed for this long. */
	giveUpAfterMs?: number;
	/** Uniform in [0, 1), as Math.random. */
	random?: () => number;
	/** Milliseconds, as Date.now. */
	now?: () => number;
}

/** 0, 0.3, 1.2, 2.7, 4.8 s (300 ms × n²), then every 7 s. */
export const DEFAULT_RECONNECT_DELAYS_MS: readonly number[] = [0, 300, 1_200, 2_700, 4_800, 7_000];
export const DEFAULT_JITTER = 0.5;
export const DEFAULT_FIRST_ATTEMPT_SPREAD_MS = 1_000;
export const DEFAULT_GIVE_UP_AFTER_MS = 2 * 60_000;

export class ReconnectPolicy {
	readonly #delaysMs: readonly number[];
	readonly #jitter: number;
	readonly #firstAttemptSpreadMs: number;
	readonly #giveUpAfterMs: number;
	readonly #random: () => number;
	readonly #now: () => number;
	#attempts = 0;
	/** When the first delay since the last reset was asked for: the start of this outage. */
	#failingSince: number | null = null;

	constructor(options: ReconnectPolicyOptions = {}) {
		this.#delaysMs = options.delaysMs ?? DEFAULT_RECONNECT_DELAYS_MS;
		if (this.#delaysMs.length === 0) throw new Error('a reconnect policy needs at least one delay');
		this.#jitter = options.jitter ?? DEFAULT_JITTER;
		this.#firstAttemptSpreadMs = options.firstAttemptSpreadMs ?? DEFAULT_FIRST_ATTEMPT_SPREAD_MS;
		this.#giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS;
		this.#random = options.random ?? Math.random;
		this.#now = options.now ?? Date.now;
	}

	/** Attempts handed out since the last reset. */
	get attempts(): number {
		return this.#attempts;
	}

	/** How long to wait before the next attempt, or null: the outage has lasted too long, stop trying. */
	nextDelayMs(): number | null {
		const now = this.#now();
		this.#failingSince ??= now;
		if (now - this.#failingSince >= this.#giveUpAfterMs) return null;
		const base = this.#delaysMs[Math.min(this.#attempts, this.#delaysMs.length - 1)]!;
		this.#attempts++;
		if (base === 0) return this.#random() * this.#firstAttemptSpreadMs;
		return Math.max(0, base * (1 + this.#jitter * (2 * this.#random() - 1)));
	}

	/** The connection works again: the next outage starts from the first step with a fresh time budget. */
	reset(): void {
		this.#attempts = 0;
		this.#failingSince = null;
	}
}
