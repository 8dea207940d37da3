import { describe, expect, it } from 'vitest';
import { computeReport } from './computeReport.ts';
import { csvCell, formatClock, reportToCsv } from './csv.ts';
import type { MentorNote, RubricScore, SessionInfo, SessionReport, TimelineEvent } from './types.ts';

const T0 = 1_800_000_000_000;
const s = (seconds: number): number => T0 + seconds * 1000;

/** A strict RFC 4180 reader: rows of fields; fails on anything malformed. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let i = 0;
	for (;;) {
		let field = '';
		if (text[i] === '"') {
			i++;
			for (;;) {
				const q = text.indexOf('"', i);
				if (q < 0) throw new Error('unterminated quote');
				field += text.slice(i, q);
				if (text[q + 1] === '"') {
					field += '"';
					i = q + 2;
				} else {
					i = q + 1;
					break;
				}
			}
		} else {
			const m = /^[^,"\r\n]*/.exec(text.slice(i));
			field = m?.[0] ?? '';
			i += field.length;
		}
		row.push(field);
		if (text[i] === ',') {
			i++;
		} else if (text.startsWith('\r\n', i)) {
			rows.push(row);
			row = [];
			i += 2;
			if (i === text.length) return rows;
		} else {
			throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
		}
	}
}

/** The rows of one section: from its title row to the empty line. */
function sectionRows(rows: string[][], title: string): string[][] {
	const start = rows.findIndex((r) => r.length === 1 && r[0] === title);
	if (start < 0) throw new Error(`no section ${title}`);
	const end = rows.findIndex((r, i) => i > start && r.length === 1 && r[0] === '');
	return rows.slice(start + 1, end < 0 ? rows.length : end);
}

const session: SessionInfo = {
	id: 's_csv',
	roomCode: 'XYZ789',
	title: 'Gamis, "Syari"\nkoleksi baru',
	hostName: '=Bu Sari',
	startedAt: T0,
	endedAt: s(600),
	classId: null,
	memberId: null,
};

const events: TimelineEvent[] = [
	{ type: 'liveStarted', at: T0 },
	{ type: 'viewers', at: s(0), count: 30 },
	{ type: 'speaking', at: s(0), speaking: true },
	{ type: 'speaking', at: s(180), speaking: false },
	{ type: 'pinned', at: s(10), productId: 'p1', productName: 'Gamis Syari, Hitam' },
	{ type: 'comment', at: s(75), id: 'q1', name: '@rina', text: '=HYPERLINK("http://x.example","klik")', source: 'crowd', isQuestion: true },
	{ type: 'comment', at: s(80), id: 'q2', name: 'Dewi', text: 'ready size L?\nwarna hitam', source: 'buyer', isQuestion: true },
	{ type: 'comment', at: s(90), id: 'q3', name: 'Tono', text: '+62 812 sekian, bisa COD?', source: 'crowd', isQuestion: true },
	{ type: 'answered', at: s(95), commentId: 'q3' },
	{ type: 'order', at: s(120), orderId: 'o1', buyerName: 'Dewi', productId: 'p1', productName: 'Gamis Syari, Hitam', variantLabel: 'L', quantity: 2, unitPrice: 189_000, simulated: false, flashSale: false },
	{ type: 'whisper', at: s(30), mentorName: 'Pak Budi', text: '-Sebut harga, jangan lupa' },
	{ type: 'liveEnded', at: s(600) },
];

const notes: MentorNote[] = [
	{ id: 'n1', sessionId: 's_csv', at: s(4503), mentorName: 'Bu Ani', text: 'Bagus, "kak" terus', tags: ['goodGreeting', 'clearCallToAction'] },
	{ id: 'n2', sessionId: 's_csv', at: s(62), mentorName: 'Bu Ani', text: 'Produk tidak kelihatan', tags: ['productNotVisible'] },
];

const scores: RubricScore[] = [
	{ criterion: 'opening', level: 4, mentorName: 'Bu Ani', updatedAt: 1 },
	{ criterion: 'answeringBuyers', level: 1, mentorName: 'Bu Ani', updatedAt: 2 },
];

const report: SessionReport = computeReport(session, events, notes, scores);

describe('csvCell', () => {
	it('quotes commas, quotes and line breaks (RFC 4180), and leaves plain text alone', () => {
		expect(csvCell('halo kak')).toBe('halo kak');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('kata "ori"')).toBe('"kata ""ori"""');
		expect(csvCell('baris 1\nbaris 2')).toBe('"baris 1\nbaris 2"');
		expect(csvCell('baris 1\r\nbaris 2')).toBe('"baris 1\r\nbaris 2"');
		expect(csvCell('')).toBe('');
		expect(csvCell(null)).toBe('');
	});

	it('prefixes cells that a spreadsheet would run as a formula with a single quote', () => {
		expect(csvCell('=1+1')).toBe("'=1+1");
		expect(csvCell('+62812')).toBe("'+62812");
		expect(csvCell('-diskon')).toBe("'-diskon");
		expect(csvCell('@admin')).toBe("'@admin");
		expect(csvCell('\t=1')).toBe("'\t=1");
		expect(csvCell('=HYPERLINK("http://x","a")')).toBe(`"'=HYPERLINK(""http://x"",""a"")"`);
		expect(csvCell('harga = 10')).toBe('harga = 10');
		expect(csvCell("'sudah")).toBe("'sudah");
	});

	it('writes numbers plainly with at most 2 decimals', () => {
		expect(csvCell(425_000)).toBe('425000');
		expect(csvCell(100 / 3)).toBe('33.33');
		expect(csvCell(0.625)).toBe('0.63');
		expect(csvCell(-0.001)).toBe('0');
		expect(csvCell(Number.NaN)).toBe('');
	});
});

describe('formatClock', () => {
	it('is mm:ss with minutes past 59 and a sign before the start', () => {
		expect(formatClock(0)).toBe('00:00');
		expect(formatClock(59_999)).toBe('00:59');
		expect(formatClock(75_000)).toBe('01:15');
		expect(formatClock(4_503_000)).toBe('75:03');
		expect(formatClock(-5_000)).toBe('-00:05');
	});
});

describe('reportToCsv', () => {
	const id = reportToCsv(report, 'id');
	const en = reportToCsv(report, 'en');

	it('is CRLF-terminated RFC 4180 text whose line breaks are CRLF outside quotes', () => {
		for (const csv of [id, en]) {
			expect(csv.endsWith('\r\n')).toBe(true);
			const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '');
			expect(outsideQuotes).not.toMatch(/[^\r]\n/);
			expect(outsideQuotes).not.toMatch(/\r[^\n]/);
			expect(() => parseCsv(csv)).not.toThrow();
		}
	});

	it('round-trips awkward text through a strict reader, with the formula guard applied', () => {
		const rows = parseCsv(id);
		const summary = sectionRows(rows, 'Ringkasan');
		expect(summary[0]).toEqual(['Butir', 'Nilai']);
		expect(summary).toContainEqual(['Judul', 'Gamis, "Syari"\nkoleksi baru']);
		expect(summary).toContainEqual(['Penjual (host)', "'=Bu Sari"]);
		const unanswered = sectionRows(rows, 'Pertanyaan belum dijawab');
		expect(unanswered).toEqual([
			['Waktu (mm:dd)', 'Nama', 'Pertanyaan'],
			['01:15', "'@rina", `'=HYPERLINK("http://x.example","klik")`],
			['01:20', 'Dewi', 'ready size L?\nwarna hitam'],
		]);
		// no cell of the file starts with a formula character
		for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
	});

	it('writes the summary figures', () => {
		const summary = new Map(sectionRows(parseCsv(en), 'Summary').map((r) => [r[0], r[1]]));
		expect(summary.get('Session ID')).toBe('s_csv');
		expect(summary.get('Started (UTC)')).toBe(new Date(T0).toISOString());
		expect(summary.get('Duration (mm:ss)')).toBe('10:00');
		expect(summary.get('Talk time (mm:ss)')).toBe('03:00');
		expect(summary.get('Talk time (%)')).toBe('30');
		expect(summary.get('Longest silence (mm:ss)')).toBe('07:00');
		expect(summary.get('Questions asked')).toBe('3');
		expect(summary.get('Questions answered')).toBe('1');
		expect(summary.get('Questions answered (%)')).toBe('33.33');
		expect(summary.get('Median time to answer (s)')).toBe('5');
		expect(summary.get('GMV (Rp)')).toBe('378000');
		expect(summary.get('Average viewers')).toBe('30');
		expect(summary.get('Rubric score')).toBe('5');
		expect(summary.get('Rubric maximum')).toBe('20');
	});

	it('leaves shares empty when nothing was asked and says a running live is still live', () => {
		const running = computeReport({ ...session, endedAt: null }, [{ type: 'liveStarted', at: T0 }], [], [], s(60));
		const summary = new Map(sectionRows(parseCsv(reportToCsv(running, 'en')), 'Summary').map((r) => [r[0], r[1]]));
		expect(summary.get('Ended (UTC)')).toBe('Still live');
		expect(summary.get('Questions answered (%)')).toBe('');
		expect(summary.get('Median time to answer (s)')).toBe('');
	});

	it('lists the dashboard with targets and the weak flag', () => {
		const rows = sectionRows(parseCsv(en), 'Platform metrics (mock)');
		expect(rows[0]).toEqual(['Metric', 'Value', 'Unit', 'Target', 'Score (value/target)', 'Weak']);
		expect(rows).toHaveLength(1 + report.dashboard.length);
		expect(rows.find((r) => r[0] === 'Talk time')).toEqual(['Talk time', '30', '%', '60', '0.5', 'no']);
		// comments 0.03, product CTR 0.33, questions answered 0.42 are the lowest scores
		expect(rows.filter((r) => r[5] === 'yes').map((r) => r[0])).toEqual(['Product CTR', 'Questions answered', 'Comments per minute']);
		expect(rows.find((r) => r[0] === 'Comments per minute')).toEqual(['Comments per minute', '0.3', 'per minute', '10', '0.03', 'yes']);
		const idRows = sectionRows(parseCsv(id), 'Metrik platform (simulasi)');
		expect(idRows.find((r) => r[0] === 'Waktu bicara')).toEqual(['Waktu bicara', '30', '%', '60', '0.5', 'tidak']);
		expect(idRows.find((r) => r[0] === 'GPM (GMV per 1000 penonton masuk)')).toEqual(['GPM (GMV per 1000 penonton masuk)', '12600000', 'Rp', '1000000', '2', 'tidak']);
		expect(idRows.filter((r) => r[5] === 'tidak')).toHaveLength(report.dashboard.length - 3);
	});

	it('lists products, rubric with level names, notes with mm:ss and tags, whispers', () => {
		const rows = parseCsv(id);
		expect(sectionRows(rows, 'Produk')).toEqual([
			['Produk', 'ID produk', 'Disematkan (kali)', 'Lama disematkan (mm:dd)', 'Pesanan', 'Unit terjual', 'GMV (Rp)'],
			['Gamis Syari, Hitam', 'p1', '1', '09:50', '1', '2', '378000'],
		]);
		const rubric = sectionRows(rows, 'Rubrik');
		expect(rubric).toHaveLength(1 + 5 + 1);
		expect(rubric[1]?.slice(0, 3)).toEqual(['Pembukaan', '4', 'Sangat baik']);
		expect(rubric[2]).toEqual(['Pengetahuan produk', '', 'Belum dinilai', '']);
		expect(rubric[3]?.slice(0, 3)).toEqual(['Menjawab pembeli', '1', 'Perlu latihan']);
		expect(rubric[6]).toEqual(['Total', '5/20']);
		expect(sectionRows(rows, 'Catatan mentor')).toEqual([
			['Waktu (mm:dd)', 'Mentor', 'Catatan', 'Tag'],
			['01:02', 'Bu Ani', 'Produk tidak kelihatan', 'Produk tidak terlihat'],
			['75:03', 'Bu Ani', 'Bagus, "kak" terus', 'Sapaan bagus; Ajakan beli jelas'],
		]);
		expect(sectionRows(rows, 'Bisikan saat live')).toEqual([
			['Waktu (mm:dd)', 'Mentor', 'Bisikan'],
			['00:30', 'Pak Budi', "'-Sebut harga, jangan lupa"],
		]);
	});

	it('says the same thing in English, row for row', () => {
		const idRows = parseCsv(id);
		const enRows = parseCsv(en);
		expect(enRows.map((r) => r.length)).toEqual(idRows.map((r) => r.length));
		const rubric = sectionRows(enRows, 'Rubric');
		expect(rubric[0]).toEqual(['Criterion', 'Level', 'Level name', 'Descriptor']);
		expect(rubric[1]?.slice(0, 3)).toEqual(['Opening', '4', 'Excellent']);
		expect(rubric[2]).toEqual(['Product knowledge', '', 'Not scored', '']);
		expect(sectionRows(enRows, "Mentors' notes")[2]).toEqual(['75:03', 'Bu Ani', 'Bagus, "kak" terus', 'Good greeting; Clear call to action']);
		for (const title of ['Summary', 'Platform metrics (mock)', 'Products', 'Unanswered questions', 'Rubric', "Mentors' notes", 'Whispers during the live']) {
			expect(() => sectionRows(enRows, title)).not.toThrow();
		}
	});

	it('is the same text for the same report', () => {
		expect(reportToCsv(computeReport(session, events.slice().reverse(), notes, scores), 'id')).toBe(id);
	});
});
