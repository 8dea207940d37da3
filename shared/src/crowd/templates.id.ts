import { defineTemplates } from './templates.ts';

/**
 * Indonesian buyer talk as heard in TikTok LIVE shopping (Tanah Abang style):
 * "kak", "ready?", "spill bahannya dong", "bisa COD?", slang and typos kept on
 * purpose because that is what a trainee will read on a real live.
 */
export const TEMPLATES_ID = defineTemplates('id', [
	// ---- ambient: greetings -------------------------------------------------
	{
		moment: 'ambient', kind: 'greeting',
		texts: [
			'halo kak', 'hai kak {host}', 'assalamualaikum kak', 'halo kak, baru gabung', 'baru nongol nih kak',
			'mampir kak', 'hadir kak 🙋', 'absen dulu kak', 'salam dari {city} kak', 'halo kak, {city} hadir',
			'semangat jualannya kak', 'halo kak {host}, semangat ya', 'kak {host} aku mampir nih', 'permisi kak, nimbrung',
			'hai semua', 'halo, live nya rame ya', 'nyimak dulu ya kak', 'first time nonton kak, halo',
			'dari FYP nih kak', 'mampir dari beranda kak', 'halo bestie', 'hai kak, salken ya', 'cek cek, halo kak',
			'wah lagi live, halo kak', 'ikut nonton ya kak',
		],
	},
	{ moment: 'ambient', kind: 'greeting', personas: ['newcomer'], texts: ['halo kak, lagi jualan apa nih?', 'baru pertama liat toko ini kak, halo', 'halo kak, aku baru follow'] },
	{ moment: 'ambient', kind: 'greeting', personas: ['loyal'], texts: ['kak aku datang lagi', 'hadir lagi kak {host}', 'langganan hadir kak', 'kak {host} sehat? aku mampir lagi nih'] },

	// ---- ambient: questions ---------------------------------------------------
	{
		moment: 'ambient', kind: 'question', topic: 'price',
		texts: [
			'kak {product} berapa?', 'harganya berapa kak?', 'berapaan kak?', 'price nya kak?', 'brp kak?',
			'harga {product} berapa kak?', 'kak yg dipin berapa harganya?', 'ini berapa kak?', 'harga {variant} sama aja kak?',
			'{product} harganya {price} ya kak?', '{price} itu udah sama ongkir belum kak?', '{price} harga pas ya kak?',
			'ada diskon gak kak buat {product}?', 'harganya sama kayak di keranjang kak?', 'kalau size {size} harganya beda gak kak?',
			'ada voucher gak kak?', 'harga live sama harga biasa beda gak kak?', 'keranjang kuning no berapa kak?',
			'yang {color} harganya sama kak?', 'mahal gak kak {product}?', 'kak spill harga dong', 'kak, {product} masih {price}?',
			'kalo beli 2 jadi berapa kak?', 'ini harga per pcs kak?', '{salePrice} itu harga flash sale ya kak?',
			'harga flash sale {salePrice} sampai kapan kak?', 'harga {product} di live lebih murah ya kak?',
		],
	},
	{ moment: 'ambient', kind: 'question', topic: 'price', personas: ['newcomer'], texts: ['harganya dong kak, baru gabung', 'baru dateng kak, {product} berapa ya?'] },
	{
		moment: 'ambient', kind: 'question', topic: 'size',
		texts: [
			'size {size} ready kak?', 'ready size {size}?', 'LD nya berapa kak?', 'PB nya berapa kak?', '{product} LD berapa kak?',
			'ukuran {size} LD nya berapa?', 'BB 60 muat size apa kak?', 'tinggi 155 berat 50 cocok size apa kak?',
			'ada size jumbo gak kak?', 'size {size} pas buat BB berapa kak?', 'kak size chart nya dong',
			'size {size} kebesaran gak buat yang mungil?', 'kak ada XXL?', 'ukurannya standar atau kecil kak?',
			'size nya lengkap kak?', 'busui friendly gak kak? {size} ada?', 'panjang lengannya berapa kak?',
			'size {size} warna {color} ada?', '{product} ada size apa aja kak?', 'LD 100 muat gak kak?',
			'kak aku BB 70 bisa pake {size}?', 'ukuran {size} muat buat LD 110 gak?', 'size L ready?', 'kak {product} size {size} masih?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'stock',
		texts: [
			'ready kak?', '{product} ready kak?', 'stok masih ada kak?', 'masih ada kak?', '{variant} ready?',
			'{variant} masih ada kak?', 'sisa berapa kak?', 'sisa {stock} lagi ya kak?', 'stoknya banyak kak?',
			'ready stock atau PO kak?', 'PO berapa hari kak?', 'kak {product} sold out belum?', 'yang di pin masih ada stoknya?',
			'masih ada stok {color} kak?', 'kak stok size {size} masih?', 'restock kapan kak?', 'kak ready semua warna?',
			'barangnya ready di gudang kak?', 'kalo habis restock lagi gak kak?', 'kak {product} stoknya tinggal {stock}?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'color',
		texts: [
			'warna {color} ada kak?', 'ada warna apa aja kak?', 'warna maroon ada?', 'ada warna lain gak kak?',
			'{color} nya kayak gimana kak, coba dideketin', 'warna asli sama di kamera sama gak kak?', 'warna {color} luntur gak kak?',
			'kak spill warna dong', '{product} ada warna hitam?', 'warna {color} cocok buat kulit sawo matang gak kak?',
			'ada warna pastel kak?', 'ada warna sage atau mocca?', 'warnanya sesuai foto kak?', 'yang {color} coba liat kak',
			'warna navy ada kak?', 'kak warna {color} size {size} ready?', '{product} warna {color} masih ada?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'material',
		texts: [
			'spill bahannya dong', 'bahannya apa kak?', 'bahannya adem gak?', 'bahan {material} panas gak kak?',
			'{material} itu melar gak kak?', 'bahannya nerawang gak kak?', 'bahannya tebel kak?', 'jahitannya rapi kak?',
			'kak bahan {product} apa?', 'bahan {material} gampang kusut gak?', 'luntur gak kak kalo dicuci?',
			'bahannya tipis gak kak?', 'bahannya jatuh gak kak?', '{material} adem dipake seharian kak?',
			'kak spill detail bahannya, zoom dong', 'bahannya licin gak kak?', 'bisa dicuci mesin kak?', 'bahan {material} bikin gerah gak kak?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'shipping',
		texts: [
			'ongkir ke {city} berapa kak?', 'kirim dari mana kak?', 'dikirim dari mana kak?', 'bisa kirim ke {city} kak?',
			'berapa hari sampe {city} kak?', 'pengiriman pake apa kak?', 'ada gratis ongkir kak?', 'bisa J&T kak?',
			'bisa instant atau sameday kak?', 'kirim hari ini kak?', 'kalo co sekarang dikirim kapan kak?',
			'ongkir ke luar Jawa mahal gak kak?', 'packingnya aman kak?', 'bisa kirim ke {city}? jauh nih',
			'kak free ongkir min belanja berapa?', 'dari Tanah Abang ya kak kirimnya?', 'hari Minggu tetep kirim kak?',
			'kalo ke {city} pake ekspedisi apa kak?', 'ongkirnya ditanggung gak kak?', 'kak aku di {city}, ongkir berapa ya?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'cod',
		texts: [
			'bisa COD?', 'bisa COD kak?', 'COD ke {city} bisa kak?', 'bisa bayar di tempat kak?', 'COD ada kak?',
			'kak COD nya bisa semua daerah?', 'COD bisa cek barang dulu gak kak?', 'kalo COD ada biaya tambahan kak?',
			'bisa COD {product} kak?', 'aku maunya COD kak, bisa?', 'COD boleh buka paket dulu kak?', 'bisa bayar pake paylater kak?',
			'COD atau transfer aja kak?', 'kalo COD lama gak kak nyampenya?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'wholesale',
		texts: [
			'harga grosir berapa?', 'harga grosir berapa kak?', 'ambil 1 kodi berapa kak?', 'kalo ambil lusinan dapet harga berapa kak?',
			'bisa reseller kak?', 'kak buka dropship gak?', 'minimal grosir berapa pcs kak?', 'ambil 10 dapet diskon gak kak?',
			'harga reseller {product} berapa kak?', 'aku mau jual lagi di {city}, harga grosirnya?', 'kalo borong semua warna berapa kak?',
			'beli 3 ada potongan gak kak?', 'grosir bisa campur warna kak?', 'harga agen berapa kak?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'authenticity',
		texts: [
			'ori gak?', 'ori gak kak?', 'ini original kak?', 'KW gak kak?', 'barangnya sama kayak di video kak?', 'real pict kak?',
			'ada testimoni gak kak?', '{product} ori atau replika?', 'barangnya sesuai gak kak sama aslinya?', 'ada garansi gak kak?',
			'kalo gak sesuai bisa retur kak?', 'produk lokal atau impor kak?', 'brand sendiri kak?', 'ada label nya kak?',
		],
	},

	// ---- ambient: everything else ---------------------------------------------
	{
		moment: 'ambient', kind: 'praise',
		texts: [
			'mantap', 'cakep bgt', 'cantik bgt kak', 'bagus bgt {product} nya', 'keren kak', 'kece', 'mantul kak',
			'lucu bgt warnanya', 'kak {host} jelasinnya enak', 'suka bgt sama modelnya', 'adem liatnya', 'gemes bgt 😍',
			'{product} nya keliatan premium', 'wah {color} nya cakep', 'bagus kak, jahitannya rapi', 'worth it sih {price}',
			'modelnya kekinian kak', 'cocok buat lebaran nih', 'kak {host} cantik deh', 'keliatan adem bahannya',
		],
	},
	{ moment: 'ambient', kind: 'praise', personas: ['loyal'], texts: ['ini bagus sih, aku udah punya', 'kualitasnya oke kak, udah pernah beli', 'langganan di sini, gak pernah kecewa', 'rekomen bgt toko ini', 'aku udah repeat order 3x kak'] },
	{
		moment: 'ambient', kind: 'haggle',
		texts: [
			'kurangin dong', 'kurangin dong kak', 'bisa nego?', 'bisa nego kak?', 'nego tipis kak', '{price} kemahalan kak, kurangin dikit',
			'kalo ambil 2 bisa kurang kak?', 'free ongkir dong kak', 'kasih diskon dong kak {host}', 'bonus apa kak kalo beli?',
			'harga teman dong kak', 'harga pas atau bisa kurang?', 'potongan dikit kak, buat ongkir', 'diskon buat pembeli baru ada kak?',
			'kak {product} {price}? kurangin lah', 'cashback ada gak kak?', 'kasih voucher dong kak', 'bulatin aja kak harganya',
		],
	},
	{
		moment: 'ambient', kind: 'doubt',
		texts: [
			'yakin ori?', 'kok murah ya, beneran bagus?', 'di foto sama aslinya beda gak nih', 'jangan2 bahannya panas',
			'aku pernah beli di live lain zonk kak', 'hmm ragu nih', 'takut kekecilan', 'takut warnanya beda', 'review nya mana kak?',
			'{price} tapi bahannya tipis ya?', 'kok gak ada label nya', 'bener gak luntur?', 'takut gak sampe kak', 'beneran ready apa PO?',
		],
	},
	{
		moment: 'ambient', kind: 'troll',
		texts: [
			'toko oren lebih murah', 'di toko oren cuma setengahnya', 'skip mahal', 'wkwk apaan sih', 'gak jelas live nya',
			'kak jualan apa ngelawak', 'mending beli di toko sebelah', 'p', 'p p p', 'halo, ada yang nonton gak sih',
			'nyimak aja, gak beli', 'kak {host} jomblo?', '{product} mah di pasar juga ada', 'ini live beneran apa rekaman?',
			'hadeh', 'dih', 'follow back dong kak', 'harga {price}? di toko ijo lebih murah', 'wkwkwk gaje', 'spam ah',
			'kak nyanyi dong', 'jualan mulu kak, kapan kayanya',
		],
	},
	{
		moment: 'ambient', kind: 'chatter',
		texts: [
			'wkwk', 'gas', 'gaskeun', 'nyimak kak', 'lanjut kak', 'semangat kak {host}', 'rame juga ya', 'ikut nonton aja dulu',
			'kak kameranya deketin dong', 'kak coba dipake dong', 'spill yang lain dong kak', 'kak cobain di badan dong',
			'lagi liat2 dulu', 'aku dari {city} nonton nih', 'lanjutkan kak', 'oke kak', 'siap kak', 'kak next produk dong',
			'kak putar dong barangnya', 'kak zoom dong', 'nunggu gajian dulu kak wkwk', 'masukin keranjang dulu ah',
			'kak {product} nya diliatin lagi dong',
		],
	},
	{
		moment: 'ambient', kind: 'checkout', personas: ['loyal', 'newcomer', 'priceAsker', 'sizeAsker', 'shippingAsker'],
		texts: [
			'checkout kak!', 'udah co kak', 'aku ambil ya kak', 'keep 1 kak', 'sudah checkout, ditunggu ya kak', 'co {variant} 1 ya kak',
			'ambil {color} size {size} kak', 'aku beli {product} ya kak', 'langsung co deh', 'udah masuk keranjang kak', 'co 1 ya kak {host}',
		],
	},

	// ---- flash sale ---------------------------------------------------------------
	{
		moment: 'hype', kind: 'chatter',
		texts: [
			'nungguin flash sale!', 'siap2 checkout', 'siap war', 'udah standby kak', 'jari udah siap', '{salePrice}?? murah bgt',
			'flash sale {product} gas!', 'countdown nya lama bgt', 'udah masuk keranjang tinggal co', 'ikut war ah',
			'jangan sampe kehabisan nih', 'wah {product} jadi {salePrice}!', 'aku ikut flash sale kak', 'stand by di keranjang kuning',
			'mantap ada flash sale', 'yeay flash sale 🔥', 'pasang alarm dulu wkwk', 'siap kak {host}!',
		],
	},
	{
		moment: 'checkout', kind: 'checkout',
		texts: [
			'checkout!', 'udah co!', 'dapet!', 'co 1 kak', 'berhasil co kak', 'aku dapet kak!', 'gas co', 'sold!', 'udah bayar kak',
			'co {variant} kak', 'dapet {salePrice} alhamdulillah', 'cepet bgt abisnya, untung dapet', 'co kak, buat adek juga',
			'wah ngebut co', 'co kak, {product} nya 1', 'yes kebagian!',
		],
	},

	{
		moment: 'soldOut', kind: 'chatter',
		texts: [
			'yah udah habis', 'kok cepet bgt habisnya', 'restock dong kak', 'yah gak kebagian', 'kak tambahin stok {product} dong',
			'telat co, udah sold', 'kak masih ada stok lain gak?', 'yahh keabisan lagi',
		],
	},

	// ---- host silence --------------------------------------------------------
	{
		moment: 'silence', kind: 'chatter',
		texts: [
			'halo kak?', 'kok diem?', 'suaranya ilang?', 'kak?', 'halo kak {host}?', 'kak masih di situ?', 'suaranya gak ada kak',
			'kok sepi', 'kak kemana?', 'ngelag ya?', 'ini live nya nge-freeze?', 'kak ngomong dong', 'halooo', 'kak jangan diem aja',
			'ini mic nya mati?', 'lagi ngapain kak?',
		],
	},
	{
		moment: 'bored', kind: 'leaving',
		texts: [
			'sepi, cabut dulu', 'bosen kak, pamit', 'kok diem terus, keluar ah', 'pamit kak', 'skip ah, gak ngomong2',
			'nanti balik lagi kak', 'lanjut scroll ah', 'yah live nya gak jelas, bye',
		],
	},

	// ---- ignored questions ------------------------------------------------------
	{
		moment: 'repeat', kind: 'repeat',
		texts: [
			'kak, {topic} nya gimana??', 'kak {topic} nya kak??', 'kak jawab dong, {topic} nya?', 'kak, tadi nanya {topic}',
			'kak {host}, {topic} nya??', 'up kak, {topic}?', 'kak pertanyaanku kelewat, {topic} nya?',
		],
	},
	{ moment: 'repeat', kind: 'repeat', topic: 'price', texts: ['kak harganya berapa??', 'kak {product} berapa?? dari tadi'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'size', texts: ['size {size} ready gak kak??', 'LD nya kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'stock', texts: ['ready gak kak??', '{variant} masih ada gak kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'color', texts: ['warna {color} ada gak kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'material', texts: ['bahannya apa kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'shipping', texts: ['ongkir ke {city} kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'cod', texts: ['bisa COD gak kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'wholesale', texts: ['grosirnya kak??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'authenticity', texts: ['jadi ori gak kak??'] },
	{
		moment: 'escalate', kind: 'repeat',
		texts: [
			'dari tadi nanya gak dijawab', 'kak aku nanya dari tadi loh', 'dicuekin nih', 'kak, {topic} nya udah 3x nanya',
			'kok gak dijawab2 kak', 'jawab dong kak, mau beli nih', 'pertanyaan aku gak dibaca ya kak?',
			'kak {host} aku nanya {topic} nya lho', 'halo? {topic} nya kak? mau co nih', 'nanya doang kok susah kak',
		],
	},
	{
		moment: 'giveUp', kind: 'leaving',
		texts: [
			'yaudah deh gajadi', 'gak dijawab, cabut ah', 'yaudah beli di tempat lain aja', 'males nunggu, skip', 'ok gajadi kak',
			'bye kak, gak dijawab2', 'cari di toko lain aja deh', 'dicuekin, pamit', 'yaudah deh, next time aja', 'gajadi co kak',
		],
	},

	// ---- reactions to the host and the room ---------------------------------------
	{
		moment: 'thanks', kind: 'thanks',
		texts: [
			'makasih kak infonya', 'oke makasih kak', 'siap kak, makasih', 'makasih kak {host}', 'oke kak jelas, makasih',
			'makasih jawabannya kak', 'sip kak, aku co ya', 'oke kak, langsung co deh', 'terima kasih kak, ramah bgt',
			'makasih kak udah dijawab', 'oke noted kak', 'wah makasih kak, jadi yakin', 'makasih kak, {product} aku ambil ya',
			'siap kak, aku masukin keranjang',
		],
	},
	{
		moment: 'social', kind: 'chatter',
		texts: [
			'wah laris', 'aku juga mau', 'laris manis kak', 'wah udah ada yang co', 'aku ikutan co ah', 'ikut dong kak',
			'kak {name} gercep', 'selamat kak {name}', 'rame yang beli nih', 'buruan sebelum habis', 'wah jadi pengen',
			'{product} laku keras kak', 'tinggal {stock} tuh, buruan', 'wah aku juga mau {product}',
		],
	},
	{
		moment: 'echo', kind: 'chatter',
		texts: [
			'sama kak, aku juga mau', '@{name} sama', '@{name} setuju kak', 'iya kak jawab dong pertanyaan {name}', 'aku juga mau tau kak',
			'@{name} aku juga nanya itu', 'bener kata {name}', 'ikut nanya kak, sama kayak {name}', '@{name} halo kak', 'wkwk @{name}',
			'@{name} aku udah beli, bagus kok', '@{name} kamu dari mana kak?',
		],
	},
	{
		moment: 'objection', kind: 'haggle',
		texts: [
			'mahal bgt', 'mahal bgt kak', 'di toko sebelah lebih murah', '{price}? mahal amat', '{product} kok mahal ya',
			'di pasar cuma separuhnya', 'mahal kak, turunin dong', 'kok beda sama harga kemarin kak?',
		],
	},
	{
		moment: 'objection', kind: 'doubt',
		texts: ['kemahalan kak buat bahan {material}', 'harga segitu bahannya apa dulu', 'kemarin liat live lain lebih murah kak', 'gak masuk budget kak, mahal'],
	},
	{
		moment: 'askFlashSale', kind: 'haggle',
		texts: [
			'flash sale dong kak', 'kak kapan flash sale?', 'flash sale {product} dong kak', 'adain flash sale dong', 'kasih harga flash sale kak {host}',
			'nunggu flash sale aja ah', 'ada promo jam segini kak?', 'flash sale lagi dong kak',
		],
	},
]);
