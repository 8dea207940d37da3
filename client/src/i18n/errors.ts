import { ERROR_CODES, ERROR_STATUS, isErrorCode, isErrorKind, type ErrorKind } from '@gladi/shared';
import { fill, useI18n, type Lang } from './i18n.tsx';

/**
 * Every failed request in the user's language. The server's `message` is
 * English for developers and never shown; what the user reads comes from the
 * error's kind, else its code, else what the client saw (no answer, no
 * Gladi error body).
 */

type Sentence = Record<Lang, string>;

/** One sentence per reason the server can give (a new kind fails typecheck until it is translated). */
export const KIND_TEXT: Record<ErrorKind, Sentence> = {
	// A kind per code: the fallback when nothing more precise is known.
	bad_request: {
		id: 'Server menolak isian ini. Periksa lagi lalu coba lagi.',
		en: 'The server refused this. Check it and try again.',
	},
	unauthorized: {
		id: 'Tautan ini tidak berlaku. Minta tautan baru ke pendamping.',
		en: 'This link is not valid. Ask your mentor for a new one.',
	},
	forbidden: {
		id: 'Tautanmu tidak mengizinkan ini.',
		en: 'Your link does not allow this.',
	},
	not_found: {
		id: 'Tidak ditemukan. Mungkin sudah dihapus.',
		en: 'Not found. It may have been removed.',
	},
	invalid_state: {
		id: 'Belum bisa sekarang. Coba lagi sebentar lagi.',
		en: 'Not possible right now. Try again in a moment.',
	},
	payload_too_large: {
		id: 'Terlalu besar untuk dikirim.',
		en: 'Too large to send.',
	},
	unsupported_media_type: {
		id: 'Jenis file ini tidak didukung.',
		en: 'This type of file is not supported.',
	},
	unknown_event: {
		id: 'Halaman ini lebih lama dari server. Muat ulang halaman lalu coba lagi.',
		en: 'This page is older than the server. Reload the page and try again.',
	},
	rate_limited: {
		id: 'Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.',
		en: 'Too many requests. Wait a moment and try again.',
	},
	internal: {
		id: 'Server sedang bermasalah. Coba lagi nanti.',
		en: 'The server has a problem. Try again later.',
	},
	unavailable: {
		id: 'Server sedang tidak bisa melayani. Coba lagi sebentar lagi.',
		en: 'The server cannot serve this right now. Try again in a moment.',
	},

	// Requests and bodies.
	body_not_json: {
		id: 'Permintaan rusak di jalan. Muat ulang halaman lalu coba lagi.',
		en: 'The request arrived damaged. Reload the page and try again.',
	},
	missing_ack: {
		id: 'Halaman ini perlu dimuat ulang. Muat ulang lalu coba lagi.',
		en: 'This page needs a reload. Reload it and try again.',
	},
	route_not_found: {
		id: 'Server tidak mengenal permintaan ini. Muat ulang halaman lalu coba lagi.',
		en: 'The server does not know this request. Reload the page and try again.',
	},

	// Invite links and who may do what.
	invite_invalid: {
		id: 'Tautan undangan ini tidak berlaku. Minta tautan baru ke pendamping.',
		en: 'This invite link is not valid. Ask your mentor for a new one.',
	},
	role_forbidden: {
		id: 'Peranmu di ruang ini tidak boleh melakukan ini.',
		en: 'Your role in this room cannot do this.',
	},
	report_link_invalid: {
		id: 'Laporan ini bukan milikmu, atau tautannya tidak berlaku. Buka dari tautan studiomu sendiri, atau minta tautan baru ke pendamping.',
		en: 'This report is not yours, or the link is not valid. Open it from your own studio link, or ask your mentor for a new one.',
	},
	report_of_other_trainee: {
		id: 'Laporan ini bukan milikmu: ini laporan peserta lain. Buka laporanmu dari tautan studiomu sendiri.',
		en: 'This report is not yours: it belongs to another trainee. Open yours from your own studio link.',
	},
	mentor_only: {
		id: 'Hanya pendamping yang bisa memberi nilai dan catatan.',
		en: 'Only a mentor can score and add notes.',
	},
	class_link_invalid: {
		id: 'Tautan kelas ini tidak berlaku. Minta tautan baru ke pendamping.',
		en: 'This class link is not valid. Ask your mentor for a new one.',
	},
	class_mentor_only: {
		id: 'Hanya pendamping kelas yang bisa memindahkan giliran.',
		en: 'Only the class mentor can move turns on.',
	},
	name_reserved: {
		id: 'Nama ini sudah dipakai penjual atau pendamping di ruang ini, atau khusus untuk mereka. Pakai nama lain.',
		en: 'This name belongs to the seller or a mentor in this room, or is kept for them. Use another name.',
	},
	too_many_connections: {
		id: 'Ruang ini sedang penuh untuk tautan atau jaringan ini. Tunggu sebentar, nanti dicoba lagi otomatis.',
		en: 'This room is full for this link or network right now. Wait a moment: it will try again by itself.',
	},
	person_rate_limited: {
		id: 'Terlalu banyak orang baru masuk dari jaringan ini. Tunggu sebentar, nanti dicoba lagi otomatis.',
		en: 'Too many new people joined from this network just now. Wait a moment: it will try again by itself.',
	},

	// Being in a room.
	not_joined: {
		id: 'Kamu belum masuk ruang. Muat ulang halaman lalu masuk lagi.',
		en: 'You have not joined the room. Reload the page and join again.',
	},
	already_joined: {
		id: 'Kamu sudah masuk ruang ini.',
		en: 'You have already joined this room.',
	},
	left_room: {
		id: 'Kamu sudah keluar dari ruang. Masuk lagi untuk melanjutkan.',
		en: 'You have left the room. Join again to continue.',
	},
	media_restarting: {
		id: 'Server video sedang dimulai ulang. Tunggu sebentar lalu coba lagi.',
		en: 'The video server is restarting. Wait a moment and try again.',
	},
	room_elsewhere: {
		id: 'Ruang ini pindah ke server lain. Menyambung ke sana…',
		en: 'This room moved to another server. Connecting there…',
	},
	no_node_available: {
		id: 'Semua server sedang penuh atau dimulai ulang. Coba lagi sebentar lagi.',
		en: 'Every server is full or restarting. Try again in a moment.',
	},

	// Media.
	transport_not_found: {
		id: 'Sambungan video terputus. Muat ulang halaman.',
		en: 'The video connection was lost. Reload the page.',
	},
	transport_connected: {
		id: 'Sambungan video sudah tersambung.',
		en: 'The video connection is already set up.',
	},
	wrong_transport: {
		id: 'Sambungan video tertukar. Muat ulang halaman.',
		en: 'The video connections got mixed up. Reload the page.',
	},
	producer_not_found: {
		id: 'Siaran kamera atau mikrofon ini sudah berhenti.',
		en: 'This camera or microphone stream has stopped.',
	},
	consumer_not_found: {
		id: 'Video ini sudah tidak diterima. Muat ulang halaman.',
		en: 'This video is no longer being received. Reload the page.',
	},
	codec_unsupported: {
		id: 'Perangkat ini tidak bisa memutar siaran ini. Coba browser lain, mis. Chrome atau Safari terbaru.',
		en: 'This device cannot play this live. Try another browser, e.g. a recent Chrome or Safari.',
	},
	source_taken: {
		id: 'Kamera atau mikrofon ini sudah disiarkan. Muat ulang halaman kalau siaran tidak berjalan.',
		en: 'This camera or microphone is already being sent. Reload the page if the stream does not work.',
	},
	media_mismatch: {
		id: 'Kamera atau mikrofon mengirim data yang salah. Muat ulang halaman.',
		en: 'The camera or microphone sent the wrong kind of data. Reload the page.',
	},
	qos_wrong_side: {
		id: 'Laporan koneksi dari halaman ini tidak cocok dengan peranmu. Muat ulang halaman.',
		en: 'This page reported the wrong side of its connection for your role. Reload the page.',
	},

	// The live and the stage.
	nothing_published: {
		id: 'Nyalakan kamera atau mikrofon dulu sebelum mulai live.',
		en: 'Turn on the camera or microphone before going live.',
	},
	not_live: {
		id: 'Ini baru bisa saat penjual sedang live.',
		en: 'This works only while the seller is live.',
	},
	no_session: {
		id: 'Catatan dan nilai baru bisa dibuat setelah live pertama dimulai.',
		en: 'Notes and scores start with the first live.',
	},
	product_not_in_room: {
		id: 'Produk ini tidak ada di ruang ini.',
		en: 'This product is not in this room.',
	},
	variant_not_found: {
		id: 'Varian ini sudah tidak ada. Pilih varian lain.',
		en: 'This variant no longer exists. Choose another one.',
	},
	comment_not_found: {
		id: 'Komentar ini sudah tidak ada (mungkin sudah tergulir).',
		en: 'This comment is gone (it may have scrolled away).',
	},
	comment_empty: {
		id: 'Komentarnya masih kosong.',
		en: 'The comment is empty.',
	},
	sold_out: {
		id: 'Maaf, varian ini sudah habis terjual.',
		en: 'Sorry, this variant is sold out.',
	},
	stock_short: {
		id: 'Stoknya tinggal {left}. Kurangi jumlahnya lalu coba lagi.',
		en: 'Only {left} left. Lower the quantity and try again.',
	},
	flash_sale_limit: {
		id: 'Selama flash sale, maksimal {limit} per pembeli.',
		en: 'During the flash sale, at most {limit} per buyer.',
	},
	flash_sale_running: {
		id: 'Flash sale masih berjalan. Akhiri dulu sebelum memulai yang baru.',
		en: 'A flash sale is already running. End it before starting a new one.',
	},
	sale_price_too_high: {
		id: 'Harga flash sale harus di bawah harga normal.',
		en: 'The flash sale price must be below the normal price.',
	},
	comment_rate_limited: {
		id: 'Pelan-pelan ya, tunggu sebentar sebelum berkomentar lagi.',
		en: 'Slow down a little: wait a moment before commenting again.',
	},
	like_rate_limited: {
		id: 'Terlalu banyak suka sekaligus. Tunggu sebentar.',
		en: 'Too many likes at once. Wait a moment.',
	},
	request_rate_limited: {
		id: 'Terlalu cepat. Tunggu beberapa detik lalu coba lagi.',
		en: 'Too fast. Wait a few seconds and try again.',
	},

	// Catalog, rooms, classes, reports.
	product_not_found: {
		id: 'Produk ini tidak ada lagi di katalog.',
		en: 'This product is no longer in the catalog.',
	},
	unknown_products: {
		id: 'Beberapa produk yang dipilih sudah tidak ada di katalog. Muat ulang halaman lalu pilih lagi.',
		en: 'Some chosen products are no longer in the catalog. Reload the page and choose again.',
	},
	image_type: {
		id: 'Foto harus berupa file JPG, PNG, atau WebP.',
		en: 'The photo must be a JPG, PNG or WebP file.',
	},
	image_too_large: {
		id: 'Resolusi foto terlalu besar (maksimal {maxMegapixels} megapiksel). Perkecil fotonya lalu coba lagi.',
		en: 'The photo has too many pixels (at most {maxMegapixels} megapixels). Make it smaller and try again.',
	},
	session_not_found: {
		id: 'Laporan tidak ditemukan. Mungkin sesi ini belum pernah live.',
		en: 'Report not found. This session may never have gone live.',
	},
	recording_not_found: {
		id: 'Sesi ini tidak punya rekaman (mungkin sudah dihapus).',
		en: 'This session has no recording (it may have been deleted).',
	},
	recording_in_progress: {
		id: 'Live ini masih direkam. Hapus rekamannya setelah live selesai.',
		en: 'This live is still being recorded. Delete the recording once the live has ended.',
	},
	recording_unavailable: {
		id: 'Server yang menyimpan rekaman ini sedang mati. Coba lagi nanti.',
		en: 'The server that keeps this recording is down. Try again later.',
	},
	node_not_found: {
		id: 'Server itu tidak dikenal.',
		en: 'No such server.',
	},
	class_room_not_found: {
		id: 'Ruang ini bukan bagian dari kelas ini.',
		en: 'This room is not part of the class.',
	},
	write_rate_limited: {
		id: 'Terlalu banyak perubahan sekaligus. Tunggu satu menit lalu coba lagi.',
		en: 'Too many changes at once. Wait a minute and try again.',
	},

	// Accounts and what they own.
	not_logged_in: {
		id: 'Masuk dulu dengan akun pendampingmu.',
		en: 'Sign in with your mentor account first.',
	},
	login_failed: {
		id: 'Nama pengguna atau kata sandi salah.',
		en: 'Wrong username or password.',
	},
	login_locked: {
		id: 'Terlalu banyak percobaan masuk. Coba lagi dalam {retryAfterSeconds} detik.',
		en: 'Too many sign-in attempts. Try again in {retryAfterSeconds} seconds.',
	},
	admin_only: {
		id: 'Hanya admin yang bisa melakukan ini.',
		en: 'Only an admin can do this.',
	},
	password_wrong: {
		id: 'Kata sandi lama salah.',
		en: 'The current password is wrong.',
	},
	setup_link_invalid: {
		id: 'Tautan pemasangan ini tidak berlaku lagi. Masuk dengan akun yang sudah dibuat, atau mulai ulang server untuk tautan baru.',
		en: 'This setup link is no longer valid. Sign in with the account already made, or restart the server for a new link.',
	},
	username_taken: {
		id: 'Nama pengguna ini sudah dipakai. Pilih yang lain.',
		en: 'This username is taken. Choose another.',
	},
	last_admin: {
		id: 'Harus tetap ada satu admin aktif, dan kamu tidak bisa menonaktifkan akunmu sendiri.',
		en: 'There must stay one active admin, and you cannot disable your own account.',
	},
	account_not_found: {
		id: 'Akun ini tidak ada.',
		en: 'This account does not exist.',
	},
	room_not_found: {
		id: 'Ruang ini tidak ada di akunmu.',
		en: 'This room is not in your account.',
	},
	class_not_found: {
		id: 'Kelas ini tidak ada di akunmu.',
		en: 'This class is not in your account.',
	},
	invite_expired: {
		id: 'Tautan undangan ini sudah kedaluwarsa. Minta tautan baru ke pendamping.',
		en: 'This invite link has expired. Ask your mentor for a new one.',
	},
	room_limit: {
		id: 'Batas {limit} ruang per hari sudah tercapai. Pakai lagi ruang yang ada, atau coba besok.',
		en: 'The limit of {limit} rooms a day is reached. Reuse a room you have, or try tomorrow.',
	},

	// The HTTP edge.
	host_not_allowed: {
		id: 'Server ini tidak melayani alamat yang kamu buka. Buka alamat yang dibagikan pendamping.',
		en: 'This server does not serve the address you opened. Open the address your mentor shared.',
	},
	origin_not_allowed: {
		id: 'Permintaan ini datang dari situs lain, jadi ditolak. Buka Gladi langsung dari alamatnya.',
		en: 'This request came from another site, so it was refused. Open Gladi directly at its address.',
	},
	malformed_url: {
		id: 'Alamat ini rusak. Periksa tautannya lalu coba lagi.',
		en: 'This address is broken. Check the link and try again.',
	},
};

/** What the client itself saw when there is no Gladi error to explain. */
export const CLIENT_TEXT = {
	network: {
		id: 'Server tidak bisa dihubungi. Periksa koneksi lalu coba lagi.',
		en: 'Cannot reach the server. Check the connection and try again.',
	},
	timeout: {
		id: 'Server tidak menjawab. Periksa koneksi lalu coba lagi.',
		en: 'The server did not answer. Check the connection and try again.',
	},
	/** A status with no Gladi error body, e.g. a proxy's 502. */
	unavailable: {
		id: 'Server sedang tidak bisa dipakai (HTTP {status}). Coba lagi sebentar lagi.',
		en: 'The server is not available (HTTP {status}). Try again in a moment.',
	},
	unknown: {
		id: 'Ada yang tidak beres. Coba lagi.',
		en: 'Something went wrong. Try again.',
	},
} satisfies Record<string, Sentence>;

/** What a failed request may carry: an ApiError, a socket RequestError, or an error body as it is. */
interface ErrorLike {
	code?: unknown;
	kind?: unknown;
	params?: unknown;
	status?: unknown;
}

/** A status that came without a Gladi body, read as the code sent with it (400: bad_request, the first listed). */
const codeOfStatus = (status: number) => ERROR_CODES.find((code) => ERROR_STATUS[code] === status);

function sentenceFor({ code, kind, status }: ErrorLike): Sentence {
	if (isErrorKind(kind)) return KIND_TEXT[kind];
	if (isErrorCode(code)) return KIND_TEXT[code];
	if (code === 'timeout') return CLIENT_TEXT.timeout;
	if (status === 0 || code === 'network') return CLIENT_TEXT.network;
	if (typeof status === 'number') {
		const byStatus = codeOfStatus(status);
		if (byStatus) return KIND_TEXT[byStatus];
		if (status >= 500) return CLIENT_TEXT.unavailable;
	}
	return CLIENT_TEXT.unknown;
}

/** The sentence explaining `error` in `lang`, its params ({left}, {limit}, ...) filled in. */
export function errorText(error: unknown, lang: Lang): string {
	const like: ErrorLike = typeof error === 'object' && error !== null ? error : {};
	const params = typeof like.params === 'object' && like.params !== null ? (like.params as Record<string, unknown>) : {};
	const vars: Record<string, string | number> = typeof like.status === 'number' ? { status: like.status } : {};
	for (const [name, value] of Object.entries(params)) if (typeof value === 'string' || typeof value === 'number') vars[name] = value;
	return fill(sentenceFor(like)[lang], vars);
}

/** errorText in the page's language. */
export function useErrorText(): (error: unknown) => string {
	const { lang } = useI18n();
	return (error) => errorText(error, lang);
}
