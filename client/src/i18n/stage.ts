/** Live-selling stage text: overlay, bag, flash sale, comments (Bahasa Indonesia first, English second). */
export const stageId = {
	bag: 'Keranjang',
};

export const stageEn: Record<keyof typeof stageId, string> = {
	bag: 'Basket',
};
