import { CLASS_ROOMS_MAX, type ClassCreatedResponse } from '@gladi/shared';
import { useId, useState, type FormEvent } from 'react';
import { defaultRoomSelection, RoomProductPicker, roomProductIds } from '../catalog/RoomProductPicker.tsx';
import { useProducts } from '../catalog/useProducts.ts';
import { Link } from '../catalog/Link.tsx';
import { createClass } from '../classes/classApi.ts';
import {
	CLASS_NAME_MAX,
	effectiveRooms,
	linksAsText,
	parseRoster,
	parseTurnMinutes,
	splitRoster,
	suggestedRooms,
	type RosterProblem,
	type SavedClass,
} from '../classes/classModel.ts';
import { CopyButton, LinkField } from '../classes/parts.tsx';
import { forgetClass, loadSavedClasses, saveClass } from '../classes/savedClasses.ts';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';
import '../classes/classes.css';

/** /kelas/baru: a mentor writes the roster, picks rooms and turn length, and gets one link per member. */
export function CreateClassPage() {
	const { t } = useI18n();
	const ids = useId();
	const errorText = useErrorText();
	const [name, setName] = useState('');
	const [membersText, setMembersText] = useState('');
	const [roomsChoice, setRoomsChoice] = useState<number | null>(null);
	const [minutesText, setMinutesText] = useState('5');
	const [submitted, setSubmitted] = useState(false);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>(null);
	const [created, setCreated] = useState<ClassCreatedResponse | null>(null);
	const [saved, setSaved] = useState<SavedClass[]>(loadSavedClasses);
	const catalog = useProducts();
	const [picked, setPicked] = useState<Set<string> | null>(null);
	const selected = picked ?? (catalog.products ? defaultRoomSelection(catalog.products) : new Set<string>());
	const productIds = roomProductIds(catalog.products, selected);
	const noProducts = productIds !== undefined && productIds.length === 0;

	const roster = parseRoster(membersText);
	// Until the mentor picks, suggest groups of about six.
	const rooms = roomsChoice ?? suggestedRooms(roster.names.length);
	const turnMinutes = parseTurnMinutes(minutesText);
	const groups = splitRoster(roster.names, rooms);
	const showRosterProblems = submitted || roster.names.length > 0;
	const valid = name.trim().length > 0 && roster.problems.length === 0 && turnMinutes !== null && !noProducts;

	const onSubmit = async (e: FormEvent) => {
		e.preventDefault();
		setSubmitted(true);
		if (!valid || turnMinutes === null) return;
		setBusy(true);
		setError(null);
		try {
			const cls = await createClass({
				name: name.trim(),
				members: roster.names,
				rooms: effectiveRooms(rooms, roster.names.length),
				turnMinutes,
				...(productIds ? { productIds } : {}),
			});
			saveClass({ id: cls.id, name: cls.name, mentorLink: cls.mentorLink });
			setCreated(cls);
			window.scrollTo({ top: 0 });
		} catch (err) {
			setError(err);
		} finally {
			setBusy(false);
		}
	};

	if (created) return <ClassCreated cls={created} />;

	return (
		<div className="cls-create">
			<section className="card">
				<h1>{t('clsCreateTitle')}</h1>
				<p className="muted">{t('clsCreateIntro')}</p>
				<form onSubmit={(e) => void onSubmit(e)} className="stack" noValidate>
					<label htmlFor={`${ids}-name`}>{t('clsName')}</label>
					<input
						id={`${ids}-name`}
						data-testid="class-name"
						value={name}
						maxLength={CLASS_NAME_MAX}
						required
						placeholder={t('clsNamePlaceholder')}
						aria-invalid={submitted && !name.trim() ? true : undefined}
						onChange={(e) => setName(e.target.value)}
					/>

					<label htmlFor={`${ids}-members`}>{t('clsMembers')}</label>
					<textarea
						id={`${ids}-members`}
						data-testid="class-members"
						value={membersText}
						rows={8}
						placeholder={t('clsMembersPlaceholder')}
						aria-invalid={showRosterProblems && roster.problems.length > 0 ? true : undefined}
						aria-describedby={`${ids}-members-help`}
						onChange={(e) => setMembersText(e.target.value)}
					/>
					<div id={`${ids}-members-help`} className="cls-field-help">
						<span className="muted" data-testid="class-members-count">
							{t('clsMembersCount', { n: roster.names.length })}
						</span>
						{showRosterProblems &&
							roster.problems.map((p, i) => (
								<span key={i} className="error" data-testid="class-members-problem">
									{rosterProblemText(p, t)}
								</span>
							))}
					</div>

					<div className="cls-form-row">
						<div className="stack">
							<label htmlFor={`${ids}-rooms`}>{t('clsRooms')}</label>
							<select
								id={`${ids}-rooms`}
								data-testid="class-rooms"
								value={rooms}
								onChange={(e) => setRoomsChoice(Number(e.target.value))}
							>
								{Array.from({ length: CLASS_ROOMS_MAX }, (_, i) => i + 1).map((n) => (
									<option key={n} value={n}>
										{t('clsRoomsOption', { n })}
									</option>
								))}
							</select>
						</div>
						<div className="stack">
							<label htmlFor={`${ids}-minutes`}>{t('clsTurnMinutes')}</label>
							<input
								id={`${ids}-minutes`}
								data-testid="class-turn-minutes"
								type="number"
								inputMode="numeric"
								min={1}
								max={60}
								step={1}
								value={minutesText}
								aria-invalid={turnMinutes === null ? true : undefined}
								aria-describedby={`${ids}-minutes-help`}
								onChange={(e) => setMinutesText(e.target.value)}
							/>
						</div>
					</div>
					<p id={`${ids}-minutes-help`} className={turnMinutes === null ? 'error cls-hint' : 'muted cls-hint'}>
						{turnMinutes === null ? t('clsTurnMinutesInvalid') : t('clsTurnMinutesHint')}
					</p>

					{roster.names.length > 0 && (
						<div className="cls-preview" data-testid="class-preview">
							<strong>{t('clsPreview')}</strong>
							{groups.length > 1 && (
								<span className="muted"> · {t('clsPreviewPerRoom', { n: Math.round(roster.names.length / groups.length) })}</span>
							)}
							<ol className="cls-preview-rooms">
								{groups.map((g, i) => (
									<li key={i}>
										<span className="cls-preview-room">{t('clsRoomN', { n: i + 1 })}:</span> {g.join(', ')}
									</li>
								))}
							</ol>
						</div>
					)}

					<RoomProductPicker catalog={catalog} selected={selected} onChange={setPicked} disabled={busy} />

					<button type="submit" className="primary" data-testid="class-create" disabled={busy}>
						{busy ? t('clsCreating') : t('clsCreate')}
					</button>
					{error !== null && (
						<p className="error" role="alert">
							{t('clsCreateFailed', { message: errorText(error) })}
						</p>
					)}
				</form>
			</section>

			{saved.length > 0 && (
				<section className="card cls-saved" aria-labelledby={`${ids}-saved`}>
					<h2 id={`${ids}-saved`}>{t('clsSavedTitle')}</h2>
					<ul>
						{saved.map((c) => (
							<li key={c.id}>
								<Link href={c.mentorLink} data-testid="saved-class">
									{c.name}
								</Link>
								<button type="button" className="link" onClick={() => setSaved(forgetClass(c.id))}>
									{t('clsSavedForget')}
								</button>
							</li>
						))}
					</ul>
				</section>
			)}
		</div>
	);
}

function rosterProblemText(p: RosterProblem, t: ReturnType<typeof useI18n>['t']): string {
	switch (p.kind) {
		case 'empty':
			return t('clsRosterEmpty');
		case 'tooMany':
			return t('clsRosterTooMany', { max: p.max, count: p.count });
		case 'tooLong':
			return t('clsRosterTooLong', { name: p.name, max: p.max });
		case 'duplicate':
			return t('clsRosterDuplicate', { name: p.name });
	}
}

/** After creation: the mentor's private link, every member's link, and the way into the class. */
function ClassCreated({ cls }: { cls: ClassCreatedResponse }) {
	const { t } = useI18n();
	const ids = useId();
	return (
		<section className="card cls-created" data-testid="class-created">
			<h1>{t('clsCreated', { name: cls.name })}</h1>

			<div className="cls-private">
				<LinkField id={`${ids}-mentor`} label={t('clsMentorLink')} href={cls.mentorLink} testId="mentor-link" />
				<p className="cls-warn" role="note">
					{t('clsMentorLinkWarn')}
				</p>
			</div>

			<button type="button" className="primary" data-testid="open-class" onClick={() => navigate(cls.mentorLink)}>
				{t('clsOpenClass')}
			</button>

			<h2>{t('clsMemberLinks')}</h2>
			<p className="muted">{t('clsMemberLinksHint')}</p>
			<CopyButton text={linksAsText(cls.members, window.location.origin)} label={t('clsCopyAll')} testId="copy-all-links" />
			<div className="cls-member-links">
				{cls.members.map((m) => (
					<LinkField key={m.id} id={`${ids}-${m.id}`} label={m.name} href={m.link} testId="member-link" />
				))}
			</div>
		</section>
	);
}
