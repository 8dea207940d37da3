import {
	cleanText,
	isFlashSaleOpen,
	looksLikeQuestion,
	GladiError,
	variantLabel,
	type CommentSource,
	type CrowdSettings,
	type FlashSale,
	type PersonaId,
	type Product,
	type StageComment,
	type StageOrder,
	type StageState,
} from '@gladi/shared';
import { TypedEmitter } from '../lib/typedEmitter.ts';

/** Comments kept for answering and pinning; joiners get the newest COMMENT_HISTORY. */
const KEPT_COMMENTS = 500;
const KEPT_ORDERS = 100;

type StageEvents = {
	/** Anything in StageState except the fast counters changed. */
	state: [];
	comment: [comment: StageComment];
	answered: [commentId: string];
	counters: [likesDelta: number];
	order: [order: StageOrder];
};

export interface NewComment {
	id?: string;
	name: string;
	text: string;
	source: CommentSource;
	personaId?: PersonaId;
	/** Set by the crowd engine; human comments are classified here. */
	isQuestion?: boolean;
}

export interface OrderRequest {
	/** Who is buying, for the flash sale's per-buyer limit. */
	buyerKey: string;
	buyerName: string;
	productId: string;
	variantId: string;
	quantity: number;
	simulated: boolean;
}

/**
 * The live-selling stage of one room: products with live stock, the pinned
 * product and comment, the flash sale, comments, likes and orders. All checks
 * and changes are synchronous, so concurrent buyers can never oversell.
 */
export class Stage extends TypedEmitter<StageEvents> {
	readonly #now: () => number;
	#products: Product[] = [];
	#pinnedProductId: string | null = null;
	#flashSale: FlashSale | null = null;
	/** Units bought in the current flash sale, per buyer. */
	#flashBought = new Map<string, number>();
	#pinnedCommentId: string | null = null;
	#comments: StageComment[] = [];
	#orders: StageOrder[] = [];
	#orderCount = 0;
	#gmv = 0;
	#likes = 0;
	#crowdViewers = 0;
	#peopleWatching = 0;
	#crowd: CrowdSettings;
	#nextId = 1;

	constructor(products: Product[], crowd: CrowdSettings, now: () => number = Date.now) {
		super();
		this.#now = now;
		this.#crowd = crowd;
		this.#products = structuredClone(products);
	}

	state(): StageState {
		return {
			products: this.#products,
			pinnedProductId: this.#pinnedProductId,
			flashSale: this.#flashSale,
			pinnedComment: this.#comments.find((c) => c.id === this.#pinnedCommentId) ?? null,
			likes: this.#likes,
			viewers: this.viewers,
			orders: this.#orderCount,
			gmv: this.#gmv,
			crowd: this.#crowd,
		};
	}

	get likes(): number {
		return this.#likes;
	}

	get viewers(): number {
		return this.#crowdViewers + this.#peopleWatching;
	}

	get crowd(): CrowdSettings {
		return this.#crowd;
	}

	get products(): readonly Product[] {
		return this.#products;
	}

	recentComments(limit: number): StageComment[] {
		return this.#comments.slice(-limit);
	}

	recentOrders(limit: number): StageOrder[] {
		return this.#orders.slice(-limit);
	}

	comment(id: string): StageComment | undefined {
		return this.#comments.find((c) => c.id === id);
	}

	/** A new live starts from fresh stock and an empty feed. */
	reset(products: Product[]): void {
		this.#products = structuredClone(products);
		this.#pinnedProductId = null;
		this.#flashSale = null;
		this.#flashBought.clear();
		this.#pinnedCommentId = null;
		this.#comments = [];
		this.#orders = [];
		this.#orderCount = 0;
		this.#gmv = 0;
		this.#likes = 0;
		this.#crowdViewers = 0;
		this.emit('state');
	}

	setProducts(products: Product[]): void {
		// Keep the live stock of products that stay in the set.
		const current = new Map(this.#products.map((p) => [p.id, p]));
		this.#products = products.map((p) => current.get(p.id) ?? structuredClone(p));
		if (this.#pinnedProductId && !this.#products.some((p) => p.id === this.#pinnedProductId)) this.#pinnedProductId = null;
		if (this.#flashSale && !this.#products.some((p) => p.id === this.#flashSale!.productId)) this.#flashSale = null;
		this.emit('state');
	}

	setCrowd(crowd: CrowdSettings): void {
		this.#crowd = crowd;
		this.emit('state');
	}

	pin(productId: string): Product {
		const product = this.#product(productId);
		this.#pinnedProductId = productId;
		this.emit('state');
		return product;
	}

	unpin(): void {
		if (this.#pinnedProductId === null) return;
		this.#pinnedProductId = null;
		this.emit('state');
	}

	startFlashSale(input: { productId: string; salePrice: number; countdownSeconds: number; durationSeconds: number; perBuyerLimit: number }): FlashSale {
		const product = this.#product(input.productId);
		if (input.salePrice >= product.price) {
			throw new GladiError('sale_price_too_high', 'the sale price must be below the normal price');
		}
		const now = this.#now();
		if (this.#flashSale && now < this.#flashSale.endsAt) {
			throw new GladiError('flash_sale_running', 'a flash sale is already running; end it first');
		}
		const startsAt = now + input.countdownSeconds * 1000;
		this.#flashSale = {
			productId: product.id,
			salePrice: input.salePrice,
			startsAt,
			endsAt: startsAt + input.durationSeconds * 1000,
			perBuyerLimit: input.perBuyerLimit,
		};
		this.#flashBought.clear();
		this.emit('state');
		return this.#flashSale;
	}

	endFlashSale(): FlashSale | null {
		const sale = this.#flashSale;
		if (!sale) return null;
		this.#flashSale = null;
		this.#flashBought.clear();
		this.emit('state');
		return sale;
	}

	/** Drop a flash sale whose window has passed (called by the room's clock). */
	expireFlashSale(): FlashSale | null {
		if (this.#flashSale && this.#now() >= this.#flashSale.endsAt) return this.endFlashSale();
		return null;
	}

	addComment(input: NewComment): StageComment {
		const text = cleanText(input.text);
		if (!text) throw new GladiError('comment_empty', 'comment is empty');
		const comment: StageComment = {
			id: input.id ?? `c${this.#nextId++}`,
			at: this.#now(),
			name: input.name,
			text,
			source: input.source,
			isQuestion: input.isQuestion ?? (input.source !== 'host' && looksLikeQuestion(text)),
			answered: false,
			...(input.personaId ? { personaId: input.personaId } : {}),
		};
		this.#comments.push(comment);
		if (this.#comments.length > KEPT_COMMENTS) this.#comments.splice(0, this.#comments.length - KEPT_COMMENTS);
		this.emit('comment', comment);
		return comment;
	}

	markAnswered(commentId: string): StageComment {
		const comment = this.#requireComment(commentId);
		if (!comment.answered) {
			comment.answered = true;
			this.emit('answered', commentId);
		}
		return comment;
	}

	pinComment(commentId: string | null): void {
		if (commentId !== null) this.#requireComment(commentId);
		this.#pinnedCommentId = commentId;
		this.emit('state');
	}

	addLikes(count: number): number {
		this.#likes += count;
		this.emit('counters', count);
		return this.#likes;
	}

	setCrowdViewers(count: number): void {
		if (count === this.#crowdViewers) return;
		this.#crowdViewers = Math.max(0, Math.round(count));
		this.emit('counters', 0);
	}

	setPeopleWatching(count: number): void {
		if (count === this.#peopleWatching) return;
		this.#peopleWatching = count;
		this.emit('counters', 0);
	}

	/** Place an order: checks stock and the flash sale's limit, then decrements stock. */
	order(request: OrderRequest): StageOrder {
		const product = this.#product(request.productId);
		const variant = product.variants.find((v) => v.id === request.variantId);
		if (!variant) throw new GladiError('variant_not_found', 'no such variant of this product');
		if (variant.stock <= 0) throw new GladiError('sold_out', 'sold out');
		if (variant.stock < request.quantity) throw new GladiError('stock_short', `only ${variant.stock} left`, { left: variant.stock });

		const now = this.#now();
		const sale = isFlashSaleOpen(this.#flashSale, now) && this.#flashSale.productId === product.id ? this.#flashSale : null;
		if (sale) {
			const bought = this.#flashBought.get(request.buyerKey) ?? 0;
			if (bought + request.quantity > sale.perBuyerLimit) {
				throw new GladiError('flash_sale_limit', `flash sale limit is ${sale.perBuyerLimit} per buyer`, { limit: sale.perBuyerLimit });
			}
			this.#flashBought.set(request.buyerKey, bought + request.quantity);
		}
		variant.stock -= request.quantity;
		const unitPrice = sale ? sale.salePrice : product.price;
		const order: StageOrder = {
			id: `o${this.#nextId++}`,
			at: now,
			buyerName: request.buyerName,
			productId: product.id,
			productName: product.name,
			variantId: variant.id,
			variantLabel: variantLabel(variant),
			quantity: request.quantity,
			unitPrice,
			simulated: request.simulated,
			flashSale: sale !== null,
		};
		this.#orders.push(order);
		if (this.#orders.length > KEPT_ORDERS) this.#orders.shift();
		this.#orderCount++;
		this.#gmv += unitPrice * request.quantity;
		// Clients apply the stock change from the order itself: no full state per order.
		this.emit('order', order);
		return order;
	}

	#product(productId: string): Product {
		const product = this.#products.find((p) => p.id === productId);
		if (!product) throw new GladiError('product_not_in_room', 'this product is not in the room');
		return product;
	}

	#requireComment(commentId: string): StageComment {
		const comment = this.comment(commentId);
		if (!comment) throw new GladiError('comment_not_found', 'no such comment (it may have scrolled away)');
		return comment;
	}
}
