import type { ReactNode } from 'react';

/** The 9:16 phone-shaped stage: video fills it, overlays sit on top. */
export function StageFrame({ children }: { children: ReactNode }) {
	return <div className="stage-frame">{children}</div>;
}
