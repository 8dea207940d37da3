import type { Product, Variant } from '../domain/catalog.ts';
import type { Viewer } from './audience.ts';
import type { Rng } from './prng.ts';
import { chooseTemplate, slotValues } from './render.ts';
import { CROWD_TEMPLATES } from './templates.tables.ts';
import type { TemplateMoment } from './templates.ts';
import type { CommentKind, CrowdLang, CrowdOutput, FlashSaleInfo, QuestionTopic } from './types.ts';

export type CommentOutput = Extract<CrowdOutput, { type: 'comment' }>;

/** What a comment is about; topic, product and repeatOf are also attached to the output. */
export interface Subject {
	topic?: QuestionTopic;
	product?: Product;
	variant?: Variant;
	/** The flash sale on `product`, while scheduled or open (fills {salePrice}). */
	sale?: FlashSaleInfo;
	/** Someone else in the room ({name}). */
	name?: string;
	repeatOf?: string;
}

/** Template ids remembered so the chat does not repeat a line soon after. */
const RECENT_TEMPLATES = 24;

/** Turns "this viewer says a <moment> thing about <subject>" into a comment with a stable id. */
export class Speech {
	private seq = 0;
	private recent: string[] = [];
	private readonly rng: Rng;

	constructor(rng: Rng) {
		this.rng = rng;
	}

	/** A comment at `at`, or null when no template fits the live state. */
	compose(
		at: number,
		lang: CrowdLang,
		host: string,
		viewer: Viewer,
		moment: TemplateMoment,
		kind: CommentKind | undefined,
		subject: Subject = {},
	): CommentOutput | null {
		// A troll stays a troll whatever is happening.
		if (viewer.persona === 'troll' && moment !== 'ambient') {
			moment = 'ambient';
			kind = 'troll';
		}
		const values = slotValues({ lang, ...subject, host, city: viewer.city });
		const query = { moment, kind, topic: subject.topic, persona: viewer.persona };
		const choice = chooseTemplate(this.rng, CROWD_TEMPLATES[lang], query, values, new Set(this.recent));
		if (!choice) return null;
		this.recent.push(choice.template.id);
		if (this.recent.length > RECENT_TEMPLATES) this.recent.shift();
		const comment: CommentOutput = {
			type: 'comment',
			at,
			id: `sim-${++this.seq}`,
			personaId: viewer.persona,
			name: viewer.name,
			text: choice.text,
			kind: choice.template.kind,
		};
		if (subject.topic) comment.topic = subject.topic;
		if (subject.product) comment.productId = subject.product.id;
		if (subject.repeatOf) comment.repeatOf = subject.repeatOf;
		return comment;
	}
}
