import {
	RUBRIC,
	RUBRIC_CRITERIA,
	type RubricCriterion,
	type RubricLevel,
	type SessionReport,
} from '@gladi/shared';
import { useI18n } from '../i18n/i18n.tsx';

const LEVELS: readonly RubricLevel[] = [1, 2, 3, 4];

interface Props {
	rubric: SessionReport['rubric'];
	/** Show the four radio buttons per criterion (mentors). */
	editing: boolean;
	/** The criterion being saved right now. */
	saving: RubricCriterion | null;
	onChoose(criterion: RubricCriterion, level: RubricLevel): void;
}

/** The mentor's rubric: every criterion with all four tiers visible and the chosen one marked. */
export function RubricSection({ rubric, editing, saving, onChoose }: Props) {
	const { t, lang } = useI18n();
	return (
		<section className="report-section report-rubric" data-testid="report-rubric" aria-labelledby="rep-rubric-title">
			<div className="report-section-head">
				<h2 id="rep-rubric-title">{t('repRubricTitle')}</h2>
				<p className="report-rubric-total" data-testid="rubric-total">
					{t('repRubricTotal', { total: rubric.total, max: rubric.max })}
				</p>
			</div>
			{RUBRIC_CRITERIA.map((criterion) => {
				const text = RUBRIC[criterion];
				const chosen = rubric.scores[criterion];
				const name = `rubric-${criterion}`;
				return (
					<fieldset key={criterion} className="rubric-criterion" data-testid={name} disabled={editing && saving === criterion}>
						<legend>
							<span className="rubric-criterion-name">{text.label[lang]}</span>
							<span className={`rubric-chosen${chosen ? '' : ' is-empty'}`}>
								{chosen
									? `${t('repRubricLevel', { n: chosen })} · ${text.levels[chosen].label[lang]}`
									: t('repRubricNotScored')}
							</span>
						</legend>
						<div className="rubric-levels">
							{LEVELS.map((level) => {
								const tier = text.levels[level];
								const isChosen = chosen === level;
								const body = (
									<>
										<span className="rubric-level-head">
											<span className="rubric-level-number">{level}</span>
											<span className="rubric-level-label">{tier.label[lang]}</span>
											{isChosen && <span className="visually-hidden"> ({t('repRubricChosen')})</span>}
										</span>
										<span className="rubric-level-descriptor">{tier.descriptor[lang]}</span>
									</>
								);
								const className = `rubric-level${isChosen ? ' is-chosen' : ''}`;
								return editing ? (
									<label key={level} className={`${className} is-editable`}>
										<input
											type="radio"
											name={name}
											value={level}
											checked={isChosen}
											data-testid={`${name}-${level}`}
											onChange={() => onChoose(criterion, level)}
										/>
										{body}
									</label>
								) : (
									<div key={level} className={className} aria-current={isChosen ? 'true' : undefined}>
										{body}
									</div>
								);
							})}
						</div>
					</fieldset>
				);
			})}
		</section>
	);
}
