import { DEMO_CATALOG, type DemoProduct } from '../store/demoCatalog.ts';

/** Simple garment outlines, drawn in a 300x400 box. */
const SHAPES: Record<DemoProduct['shape'], string> = {
	gamis: 'M120 40 h60 l10 30 l50 30 l-20 50 l-25 -12 l20 230 h-130 l20 -230 l-25 12 l-20 -50 l50 -30 z',
	hijab: 'M150 40 c-60 0 -80 60 -80 100 c0 40 -40 120 -40 190 h240 c0 -70 -40 -150 -40 -190 c0 -40 -20 -100 -80 -100 z',
	kemeja: 'M110 50 l40 20 l40 -20 l70 40 l-25 60 l-30 -15 v205 h-110 v-205 l-30 15 l-25 -60 z',
	batik: 'M110 50 l40 20 l40 -20 l70 40 l-25 60 l-30 -15 v205 h-110 v-205 l-30 15 l-25 -60 z',
	mukena: 'M150 35 c-50 0 -70 40 -70 80 l-50 245 h240 l-50 -245 c0 -40 -20 -80 -70 -80 z',
	celana: 'M90 50 h120 l25 310 h-70 l-15 -220 l-15 220 h-70 z',
	tas: 'M80 150 h140 l15 180 h-170 z M115 150 c0 -60 70 -60 70 0',
	sarung: 'M70 70 h160 v280 h-160 z',
};

function escapeXml(text: string): string {
	return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The generated picture of a demo product, or undefined for an unknown slug. */
export function demoImageSvg(slug: string): string | undefined {
	const product = DEMO_CATALOG.find((p) => p.slug === slug);
	if (!product) return undefined;
	const [main, accent] = product.colors;
	const pattern =
		product.shape === 'batik' || product.shape === 'sarung'
			? `<pattern id="p" width="24" height="24" patternUnits="userSpaceOnUse"><circle cx="12" cy="12" r="6" fill="none" stroke="${accent}" stroke-width="3"/></pattern>`
			: `<pattern id="p" width="300" height="400" patternUnits="userSpaceOnUse"><rect width="300" height="400" fill="${main}"/></pattern>`;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 400" width="300" height="400">
<defs>${pattern}</defs>
<rect width="300" height="400" fill="${accent}" opacity="0.35"/>
<path d="${SHAPES[product.shape]}" fill="${main}" stroke="${main}" stroke-width="4" stroke-linejoin="round" fill-rule="evenodd"/>
<path d="${SHAPES[product.shape]}" fill="url(#p)" opacity="0.55" fill-rule="evenodd"/>
<text x="150" y="388" text-anchor="middle" font-family="sans-serif" font-size="20" font-weight="700" fill="#222">${escapeXml(product.category)}</text>
</svg>`;
}
