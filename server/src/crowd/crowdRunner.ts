import type {
	CrowdConfig,
	CrowdEngineApi,
	CrowdEvent,
	CrowdOutput,
	CrowdSettings,
	FlashSale,
	InjectKind,
	StageSnapshot,
} from '@gladi/shared';
import { silentLogger, type Logger } from '../logger.ts';
import type { Stage } from '../rooms/stage.ts';
import { TypedEmitter } from '../lib/typedEmitter.ts';

export type CrowdEngineFactory = (config: CrowdConfig, stage: StageSnapshot, startAt: number) => CrowdEngineApi;

export interface CrowdRunnerOptions {
	stage: Stage;
	createEngine: CrowdEngineFactory;
	hostName: () => string;
	seed: number;
	/** How often the engine is advanced; its outputs do not depend on it. */
	tickMs?: number;
	log?: Logger;
	now?: () => number;
}

type RunnerEvents = {
	gift: [gift: { name: string; gift: string; count: number }];
};

/**
 * Drives the pure crowd engine in real time for one live: feeds it what
 * happens on stage (as virtual ms since the live started) and applies what
 * the crowd does to the stage: comments, likes, viewers, gifts and orders.
 */
export class CrowdRunner extends TypedEmitter<RunnerEvents> {
	readonly #o: Required<CrowdRunnerOptions>;
	readonly #epoch: number;
	#engine: CrowdEngineApi;
	#timer: NodeJS.Timeout | null = null;
	readonly #unsubscribe: Array<() => void> = [];

	constructor(options: CrowdRunnerOptions) {
		super();
		this.#o = { tickMs: 250, now: Date.now, log: silentLogger, ...options };
		this.#epoch = this.#o.now();
		this.#engine = this.#o.createEngine(this.#config(this.#o.stage.crowd), this.#snapshot(), 0);
	}

	start(): void {
		const stage = this.#o.stage;
		this.#feed({ type: 'liveStarted', at: this.#t() });
		const onComment = (c: { id: string; name: string; text: string; source: string }) => {
			if (c.source !== 'crowd') this.#feed({ type: 'humanComment', at: this.#t(), commentId: c.id, name: c.name, text: c.text });
		};
		const onAnswered = (commentId: string) => this.#feed({ type: 'answered', at: this.#t(), commentId });
		// Every order, simulated too: the crowd reacts ("wah laris") and its copy of the stock follows ours.
		const onOrder = (o: { productId: string; buyerName: string }) => {
			this.#feed({ type: 'orderPlaced', at: this.#t(), productId: o.productId, buyerName: o.buyerName });
			this.productsChanged();
		};
		stage.on('comment', onComment);
		stage.on('answered', onAnswered);
		stage.on('order', onOrder);
		this.#unsubscribe.push(
			() => stage.off('comment', onComment),
			() => stage.off('answered', onAnswered),
			() => stage.off('order', onOrder),
		);
		this.#timer = setInterval(() => this.tick(), this.#o.tickMs);
		this.#timer.unref();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#feed({ type: 'liveEnded', at: this.#t() });
		for (const off of this.#unsubscribe.splice(0)) off();
	}

	get viewers(): number {
		return this.#engine.viewers;
	}

	pinned(productId: string): void {
		this.#feed({ type: 'pinned', at: this.#t(), productId });
	}

	unpinned(): void {
		this.#feed({ type: 'unpinned', at: this.#t() });
	}

	flashSaleScheduled(sale: FlashSale): void {
		this.#feed({
			type: 'flashSaleScheduled',
			at: this.#t(),
			sale: {
				productId: sale.productId,
				salePrice: sale.salePrice,
				startsAt: sale.startsAt - this.#epoch,
				endsAt: sale.endsAt - this.#epoch,
				perBuyerLimit: sale.perBuyerLimit,
			},
		});
	}

	flashSaleEnded(productId: string): void {
		this.#feed({ type: 'flashSaleEnded', at: this.#t(), productId });
	}

	hostSpeaking(speaking: boolean): void {
		this.#feed({ type: 'hostSpeaking', at: this.#t(), speaking });
	}

	settingsChanged(settings: CrowdSettings): void {
		this.#feed({ type: 'configChanged', at: this.#t(), config: this.#config(settings) });
	}

	productsChanged(): void {
		this.#feed({ type: 'stageChanged', at: this.#t(), stage: this.#snapshot() });
	}

	inject(kind: InjectKind): void {
		this.#feed({ type: 'inject', at: this.#t(), kind });
	}

	/** Advance the crowd to now and apply what it did (public for tests). */
	tick(): void {
		const stage = this.#o.stage;
		const expired = stage.expireFlashSale();
		if (expired) this.flashSaleEnded(expired.productId);
		let outputs: CrowdOutput[];
		try {
			outputs = this.#engine.advance(this.#t());
		} catch (error) {
			this.#o.log.error({ err: error }, 'crowd engine failed');
			return;
		}
		for (const out of outputs) this.#apply(out);
	}

	#apply(out: CrowdOutput): void {
		const stage = this.#o.stage;
		switch (out.type) {
			case 'comment':
				stage.addComment({
					id: out.id,
					name: out.name,
					text: out.text,
					source: 'crowd',
					personaId: out.personaId,
					isQuestion: out.kind === 'question' || out.kind === 'repeat',
				});
				break;
			case 'likes':
				stage.addLikes(out.count);
				break;
			case 'viewers':
				stage.setCrowdViewers(out.count);
				break;
			case 'gift':
				this.emit('gift', { name: out.name, gift: out.gift, count: out.count });
				break;
			case 'orderIntent':
				try {
					stage.order({
						buyerKey: `crowd:${out.name}`,
						buyerName: out.name,
						productId: out.productId,
						variantId: out.variantId,
						quantity: out.quantity,
						simulated: true,
					});
				} catch {
					// Sold out or over the limit: a real buyer would just not get it.
				}
				break;
		}
	}

	#feed(event: CrowdEvent): void {
		try {
			this.#engine.handle(event);
		} catch (error) {
			this.#o.log.error({ type: event.type, err: error }, 'crowd engine rejected an event');
		}
	}

	#t(): number {
		return Math.max(0, this.#o.now() - this.#epoch);
	}

	#snapshot(): StageSnapshot {
		return { hostName: this.#o.hostName(), products: structuredClone([...this.#o.stage.products]) };
	}

	#config(settings: CrowdSettings): CrowdConfig {
		return {
			seed: this.#o.seed,
			lang: settings.lang,
			difficulty: settings.difficulty,
			commentsPerMinute: settings.commentsPerMinute,
			personaMix: settings.personaMix,
		};
	}
}
