import { useI18n } from '../i18n/i18n.tsx';

export function NotFoundPage() {
	const { t } = useI18n();
	return (
		<section className="card">
			<h1>{t('notFound')}</h1>
			<a href="/">{t('backHome')}</a>
		</section>
	);
}
