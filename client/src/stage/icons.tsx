/** Small inline icons: emoji fonts are missing on some devices, SVG always draws. */
const common = { width: 22, height: 22, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export function MicIcon({ off = false }: { off?: boolean }) {
	return (
		<svg {...common} aria-hidden="true">
			<rect x="9" y="3" width="6" height="11" rx="3" />
			<path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
			{off && <path d="M3 3l18 18" />}
		</svg>
	);
}

export function SwitchCameraIcon() {
	return (
		<svg {...common} aria-hidden="true">
			<path d="M4 8h3l2-3h6l2 3h3v11H4z" />
			<path d="M9 13a3 3 0 0 1 5-2l1 1M15 13a3 3 0 0 1-5 2l-1-1" />
		</svg>
	);
}

export function EyeIcon() {
	return (
		<svg {...common} width={14} height={14} aria-hidden="true">
			<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z" />
			<circle cx="12" cy="12" r="3" />
		</svg>
	);
}

export function PhoneIcon() {
	return (
		<svg {...common} width={18} height={18} aria-hidden="true">
			<rect x="7" y="2" width="10" height="20" rx="2" />
			<path d="M11 18h2" />
		</svg>
	);
}

/** Signal bars; `level` of 3 drawn solid (the rest faint). */
export function SignalIcon({ level }: { level: 1 | 2 | 3 }) {
	return (
		<svg {...common} width={14} height={14} aria-hidden="true">
			{[0, 1, 2].map((i) => (
				<path key={i} d={`M${5 + i * 7} 20v-${5 + i * 6}`} strokeWidth={4} opacity={i < level ? 1 : 0.3} />
			))}
		</svg>
	);
}
