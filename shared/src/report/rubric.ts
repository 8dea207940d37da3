import type { DashboardMetric, NoteTag, RubricCriterion, RubricLevel } from './types.ts';

/** Report languages: Bahasa Indonesia first, English second. */
export type ReportLang = 'id' | 'en';

/** A text in both report languages. */
export type LocalizedText = Record<ReportLang, string>;

export interface RubricLevelText {
	label: LocalizedText;
	descriptor: LocalizedText;
}

export interface RubricCriterionText {
	label: LocalizedText;
	levels: Record<RubricLevel, RubricLevelText>;
}

/** The same four level names for every criterion. */
const LEVEL_LABELS: Record<RubricLevel, LocalizedText> = {
	1: { id: 'Perlu latihan', en: 'Needs practice' },
	2: { id: 'Cukup', en: 'Fair' },
	3: { id: 'Baik', en: 'Good' },
	4: { id: 'Sangat baik', en: 'Excellent' },
};

function levels(descriptors: Record<RubricLevel, LocalizedText>): Record<RubricLevel, RubricLevelText> {
	return {
		1: { label: LEVEL_LABELS[1], descriptor: descriptors[1] },
		2: { label: LEVEL_LABELS[2], descriptor: descriptors[2] },
		3: { label: LEVEL_LABELS[3], descriptor: descriptors[3] },
		4: { label: LEVEL_LABELS[4], descriptor: descriptors[4] },
	};
}

/**
 * The mentor's rubric: five criteria, four levels each, with one sentence per
 * level saying what that level looks like in a live sale.
 */
export const RUBRIC: Readonly<Record<RubricCriterion, RubricCriterionText>> = {
	opening: {
		label: { id: 'Pembukaan', en: 'Opening' },
		levels: levels({
			1: {
				id: 'Langsung berjualan tanpa menyapa atau memperkenalkan diri dan toko.',
				en: 'Jumps into selling without greeting viewers or introducing themselves and the shop.',
			},
			2: {
				id: 'Menyapa singkat, tetapi tidak menyebut apa yang dijual hari ini.',
				en: 'Greets briefly but does not say what is on sale today.',
			},
			3: {
				id: 'Menyapa penonton, memperkenalkan toko, dan menyebut produk atau promo hari ini.',
				en: "Greets viewers, introduces the shop and names today's products or offer.",
			},
			4: {
				id: 'Pembukaan hangat dan memikat: menyapa penonton baru dengan nama dan memberi alasan untuk tetap menonton.',
				en: 'A warm, hooking opening: welcomes newcomers by name and gives a reason to stay and watch.',
			},
		}),
	},
	productKnowledge: {
		label: { id: 'Pengetahuan produk', en: 'Product knowledge' },
		levels: levels({
			1: {
				id: 'Tidak bisa menjelaskan bahan, ukuran, atau harga produk.',
				en: "Cannot explain the product's material, sizes or price.",
			},
			2: {
				id: 'Menyebut nama dan harga produk, tetapi detail bahan dan ukuran kurang jelas.',
				en: 'States the name and price, but material and size details stay unclear.',
			},
			3: {
				id: 'Menjelaskan bahan, ukuran, warna, dan harga dengan benar sambil menunjukkan produk ke kamera.',
				en: 'Explains material, sizes, colours and price correctly while showing the product to the camera.',
			},
			4: {
				id: 'Menguasai produk: memperlihatkan detail dari dekat, membandingkan varian, dan menjawab keraguan soal kualitas dengan yakin.',
				en: 'Knows the product inside out: shows details up close, compares variants and answers doubts about quality with confidence.',
			},
		}),
	},
	answeringBuyers: {
		label: { id: 'Menjawab pembeli', en: 'Answering buyers' },
		levels: levels({
			1: {
				id: 'Sebagian besar pertanyaan terlewat atau dijawab sangat terlambat.',
				en: 'Most questions are missed or answered very late.',
			},
			2: {
				id: 'Menjawab sebagian pertanyaan, tetapi sering terlambat atau tanpa menyebut nama penanya.',
				en: 'Answers some questions, often late or without naming who asked.',
			},
			3: {
				id: 'Menjawab hampir semua pertanyaan dengan cepat dan menyebut nama penanya.',
				en: 'Answers nearly every question promptly and names who asked.',
			},
			4: {
				id: 'Menjawab semua pertanyaan dengan cepat dan ramah, menangani tawar-menawar dan komentar iseng, lalu mengarahkannya ke pembelian.',
				en: 'Answers every question quickly and kindly, handles haggling and trolls, and steers them towards a purchase.',
			},
		}),
	},
	callToAction: {
		label: { id: 'Ajakan membeli', en: 'Call to action' },
		levels: levels({
			1: {
				id: 'Tidak pernah mengajak penonton membeli atau menjelaskan cara checkout.',
				en: 'Never asks viewers to buy or explains how to check out.',
			},
			2: {
				id: 'Sesekali mengajak membeli, tetapi tidak jelas produk mana dan bagaimana caranya.',
				en: 'Asks for the sale now and then, but it is unclear which product or how.',
			},
			3: {
				id: 'Mengajak membeli dengan jelas: menyematkan produk, menunjuk keranjang kuning, dan menjelaskan cara checkout.',
				en: 'Asks clearly: pins the product, points to the yellow basket and explains how to check out.',
			},
			4: {
				id: 'Ajakan membeli tepat waktu dengan dorongan yang jujur (stok terbatas, flash sale) dan diulang di saat yang pas.',
				en: 'Well-timed calls to buy with honest urgency (limited stock, flash sale), repeated at the right moments.',
			},
		}),
	},
	energyPacing: {
		label: { id: 'Energi dan tempo', en: 'Energy and pacing' },
		levels: levels({
			1: {
				id: 'Sering diam, suara pelan, atau bicara terlalu cepat sehingga sulit diikuti.',
				en: 'Long silences, a quiet voice, or talking so fast it is hard to follow.',
			},
			2: {
				id: 'Energi naik turun dan ada jeda hening yang membuat penonton pergi.',
				en: 'Uneven energy, with silent gaps that make viewers leave.',
			},
			3: {
				id: 'Bicara jelas dan bersemangat hampir sepanjang live dengan tempo yang enak diikuti.',
				en: 'Speaks clearly and with energy for most of the live, at an easy pace.',
			},
			4: {
				id: 'Energi terjaga dari awal sampai akhir, tempo berubah sesuai momen, dan penonton terus terlibat.',
				en: 'Keeps the energy up from start to end, varies the pace with the moment and keeps viewers involved.',
			},
		}),
	},
};

/** The highest level of a criterion; the rubric's maximum is this times the number of criteria. */
export const RUBRIC_MAX_LEVEL: RubricLevel = 4;

/** How mentors' quick tags read in the report. */
export const NOTE_TAG_LABELS: Readonly<Record<NoteTag, LocalizedText>> = {
	goodGreeting: { id: 'Sapaan bagus', en: 'Good greeting' },
	missedQuestion: { id: 'Pertanyaan terlewat', en: 'Missed question' },
	clearCallToAction: { id: 'Ajakan beli jelas', en: 'Clear call to action' },
	tooQuiet: { id: 'Terlalu pelan/diam', en: 'Too quiet' },
	productNotVisible: { id: 'Produk tidak terlihat', en: 'Product not visible' },
	goodProductKnowledge: { id: 'Paham produk', en: 'Knows the product' },
	goodEnergy: { id: 'Energi bagus', en: 'Good energy' },
	talksTooFast: { id: 'Bicara terlalu cepat', en: 'Talks too fast' },
};

export type DashboardKey = DashboardMetric['key'];

/**
 * The mock platform metrics, in the order the report lists them (this order
 * also breaks ties when choosing the three weakest), with their unit and name.
 */
export const DASHBOARD_METRICS: ReadonlyArray<{ key: DashboardKey; unit: DashboardMetric['unit']; label: LocalizedText }> = [
	{ key: 'entryRate', unit: 'perMinute', label: { id: 'Penonton masuk per menit', en: 'Viewer entries per minute' } },
	{ key: 'productCtr', unit: 'percent', label: { id: 'CTR produk', en: 'Product CTR' } },
	{ key: 'clickToOrder', unit: 'percent', label: { id: 'Klik ke pesanan (CTOR)', en: 'Click-to-order (CTOR)' } },
	{ key: 'gpm', unit: 'rupiah', label: { id: 'GPM (GMV per 1000 penonton masuk)', en: 'GPM (GMV per 1000 entries)' } },
	{ key: 'answeredShare', unit: 'percent', label: { id: 'Pertanyaan dijawab', en: 'Questions answered' } },
	{ key: 'talkShare', unit: 'percent', label: { id: 'Waktu bicara', en: 'Talk time' } },
	{ key: 'commentRate', unit: 'perMinute', label: { id: 'Komentar per menit', en: 'Comments per minute' } },
	{ key: 'averageViewers', unit: 'count', label: { id: 'Rata-rata penonton', en: 'Average viewers' } },
];

/**
 * The target each dashboard metric is judged against (score = value / target,
 * capped at 2). They describe a decent small-seller live on the Normal crowd
 * preset (about 20 concurrent viewers, 15 simulated comments a minute), not a
 * top shop, so that a trainee who does the basics well reaches 1.
 */
export const DASHBOARD_TARGETS: Readonly<Record<DashboardKey, number>> = {
	/**
	 * 5 arrivals a minute: holding ~20 concurrent viewers (the Normal preset)
	 * when a viewer stays about 4 minutes takes 20 / 4 = 5 new viewers a
	 * minute (Little's law). Fewer means the live is not pulling people in.
	 */
	entryRate: 5,
	/**
	 * 10 %: one product view (tap on the pinned card or the basket, or an
	 * order) per ten viewers; commonly quoted as a healthy live product CTR.
	 */
	productCtr: 10,
	/** 10 %: one order per ten product views, a common click-to-order benchmark for live selling. */
	clickToOrder: 10,
	/**
	 * Rp 1 000 000 per 1000 entries: 10 % CTR x 10 % CTOR = 1 % of entries
	 * order, at about Rp 100 000 a typical order (the demo catalog's goods cost
	 * Rp 39 000 to Rp 275 000), gives 10 orders x Rp 100 000 per 1000 entries.
	 */
	gpm: 1_000_000,
	/** 80 %: buyers who are ignored leave; most questions should get an answer, a few may be noise. */
	answeredShare: 80,
	/**
	 * 60 %: the host should be talking most of the time; the crowd notices
	 * a silence after 10-12 s and starts to leave, but pauses to read
	 * comments and show the product are normal.
	 */
	talkShare: 60,
	/**
	 * 10 a minute: a comment every 6 s feels like a lively room. The Normal
	 * crowd's baseline is 15 a minute (Santai's 8) and it grows or fades with
	 * how the host engages, so a quiet host on Normal drops below it.
	 */
	commentRate: 10,
	/** 20: the Normal preset's settled audience; keeping or growing it means viewers stayed. */
	averageViewers: 20,
};
