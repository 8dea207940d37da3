import type { HTMLAttributes } from 'react';
import { STAGE_ASPECT_CSS } from './stageGeometry.ts';

/** The 9:16 phone-shaped stage: video fills it, overlays sit on top. Its shape comes from stageGeometry, its size from the CSS. */
export function StageFrame({ className, children, ...attributes }: Omit<HTMLAttributes<HTMLDivElement>, 'style'>) {
	return (
		<div {...attributes} className={className ? `stage-frame ${className}` : 'stage-frame'} style={{ aspectRatio: STAGE_ASPECT_CSS }}>
			{children}
		</div>
	);
}
