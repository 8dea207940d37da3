/** Connection quality: the host's signal indicator and quality choice, a viewer's weak-connection chip. */
export const networkId = {
	netGood: 'Sinyal bagus',
	netBandwidth: 'Sinyal lemah: pindah ke tempat dengan sinyal lebih baik, atau pilih Hemat data.',
	netBandwidthSaver: 'Sinyal lemah: pindah ke tempat dengan sinyal lebih baik, dekat jendela atau router Wi-Fi.',
	netCpu: 'HP kewalahan: tutup aplikasi lain dan jangan biarkan HP kepanasan.',
	netLoss: 'Koneksi putus-putus: pindah ke tempat dengan sinyal lebih baik, atau dekati router Wi-Fi.',
	netRtt: 'Koneksi lambat: penonton melihatmu terlambat. Coba Wi-Fi lain atau data seluler.',
	netTopLayer: 'Video terkirim dengan kualitas lebih rendah dari biasanya.',
	netUseSaver: 'Pakai Hemat data',
	hostQuality: 'Kualitas video',
	hostQualityStandard: 'Standar',
	hostQualityHint: 'Hemat data mengirim paling tinggi 360p: lebih ringan untuk sinyal lemah dan kuota.',
	viewerWeak: 'Koneksi lemah',
	viewerWeakHint: 'Video bisa tersendat. Coba pindah ke tempat dengan sinyal lebih baik.',
};

export const networkEn: Record<keyof typeof networkId, string> = {
	netGood: 'Good signal',
	netBandwidth: 'Weak signal: move somewhere with a better signal, or choose Data saver.',
	netBandwidthSaver: 'Weak signal: move somewhere with a better signal, near a window or the Wi-Fi router.',
	netCpu: 'Your phone is overloaded: close other apps and keep it from getting hot.',
	netLoss: 'Your connection keeps dropping: move to a better signal, or closer to the Wi-Fi router.',
	netRtt: 'Slow connection: buyers see you late. Try another Wi-Fi or mobile data.',
	netTopLayer: 'Your video is being sent at a lower quality than usual.',
	netUseSaver: 'Use Data saver',
	hostQuality: 'Video quality',
	hostQualityStandard: 'Standard',
	hostQualityHint: 'Data saver sends at most 360p: easier on a weak signal and on your data.',
	viewerWeak: 'Weak connection',
	viewerWeakHint: 'The video may stutter. Try moving somewhere with a better signal.',
};
