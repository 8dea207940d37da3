import { ACCOUNT_ROLES, type AccountInfo, type AccountRole, type NodeState } from '@gladi/shared';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { passwordProblem, usernameProblem } from '../accounts/accountForms.ts';
import { DASHBOARD_PATH } from '../accounts/nextPath.ts';
import { DisplayNameField, Field, FieldHint, FormError, UsernameField, useProblemText } from '../accounts/parts.tsx';
import { useAccounts, useCreateAccount, useMe, useNodes, useSetNodeState, useUpdateAccount } from '../accounts/useAccount.ts';
import { Link } from '../catalog/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { formatDateTime } from '../report/format.ts';
import '../classes/classes.css';
import '../accounts/accounts.css';

const ROLE_LABEL: Record<AccountRole, StringKey> = { admin: 'admRoleAdmin', mentor: 'admRoleMentor' };

/** /admin: accounts for the studio's mentors (admins only). */
export function AdminPage() {
	const { t } = useI18n();
	const me = useMe().data;
	if (!me) return null;
	if (me.role !== 'admin') {
		return (
			<section className="card" role="alert" data-testid="admin-only">
				<h1>{t('admTitle')}</h1>
				<p>{t('admOnly')}</p>
				<Link href={DASHBOARD_PATH}>{t('accBackToDashboard')}</Link>
			</section>
		);
	}
	return <Admin me={me} />;
}

type Notice = { key: StringKey; username: string };

function Admin({ me }: { me: AccountInfo }) {
	const { t } = useI18n();
	const accounts = useAccounts();
	const [notice, setNotice] = useState<Notice | null>(null);

	return (
		<div className="cls-page">
			<header className="cls-head">
				<p className="cls-kicker">{t('admKicker')}</p>
				<h1>{t('admTitle')}</h1>
				<p className="muted">{t('admIntro')}</p>
			</header>
			{notice && (
				<p className="catalog-notice" role="status" data-testid="admin-notice">
					{t(notice.key, { username: notice.username })}
				</p>
			)}

			<section className="cls-panel" aria-labelledby="adm-list-title">
				<h2 id="adm-list-title" className="cls-section-title">
					{t('admAccounts')}
				</h2>
				{accounts.data ? (
					<AccountTable accounts={accounts.data} me={me} onNotice={setNotice} />
				) : accounts.error && !accounts.isFetching ? (
					<>
						<FormError error={accounts.error} testId="admin-error" />
						<button type="button" onClick={() => void accounts.refetch()}>
							{t('accRetry')}
						</button>
					</>
				) : (
					<p className="muted" role="status">
						{t('loading')}
					</p>
				)}
			</section>

			<CreateAccount onCreated={(a) => setNotice({ key: 'admCreated', username: a.username })} />
			<Nodes />
		</div>
	);
}

const NODE_STATE_LABEL: Record<NodeState, StringKey> = { active: 'admNodeActive', draining: 'admNodeDraining' };

/** The server nodes with their load; several of them: drain one (or take it back). */
function Nodes() {
	const { t } = useI18n();
	const nodes = useNodes();
	const change = useSetNodeState();
	const [done, setDone] = useState<{ key: StringKey; id: string } | null>(null);
	const list = nodes.data ?? [];
	const several = list.length > 1;
	const set = (id: string, state: NodeState) => {
		setDone(null);
		change.mutate({ id, state }, { onSuccess: () => setDone({ key: state === 'draining' ? 'admNodeDrained' : 'admNodeActivated', id }) });
	};
	return (
		<section className="cls-panel" aria-labelledby="adm-nodes-title" data-testid="admin-nodes">
			<h2 id="adm-nodes-title" className="cls-section-title">
				{t('admNodes')}
			</h2>
			<p className="muted">{t('admNodesIntro')}</p>
			{done && (
				<p className="catalog-notice" role="status" data-testid="admin-node-notice">
					{t(done.key, { id: done.id })}
				</p>
			)}
			{change.error && <FormError error={change.error} testId="admin-node-error" />}
			{nodes.error && !nodes.data && <FormError error={nodes.error} testId="admin-nodes-error" />}
			<AdminTable columns={['admNode', 'admStatus', 'admNodeLoad']}>
				{list.map((n) => (
					<tr key={n.id} data-testid="admin-node" data-node-id={n.id} data-state={n.healthy ? n.state : 'down'}>
						<td>
							<strong>{n.id}</strong>
							{n.self && <span className="muted"> · {t('admNodeThis')}</span>}
							{n.url && <div className="muted">{n.url}</div>}
						</td>
						<td>{t(n.healthy ? NODE_STATE_LABEL[n.state] : 'admNodeDown')}</td>
						<td>{t('admNodeLoadValue', { rooms: n.load.rooms, consumers: n.load.consumers, cpu: Math.round(n.load.cpu * 100) })}</td>
						<td>
							{several && n.state === 'active' && (
								<button type="button" data-testid="node-drain" disabled={change.isPending} onClick={() => set(n.id, 'draining')}>
									{t('admNodeDrain')}
								</button>
							)}
							{several && n.state === 'draining' && (
								<button type="button" data-testid="node-activate" disabled={change.isPending} onClick={() => set(n.id, 'active')}>
									{t('admNodeActivate')}
								</button>
							)}
						</td>
					</tr>
				))}
			</AdminTable>
		</section>
	);
}

/** The admin page's tables: a column per heading, then the row's actions. */
function AdminTable({ columns, children }: { columns: StringKey[]; children: ReactNode }) {
	const { t } = useI18n();
	return (
		<div className="cls-table-wrap">
			<table className="cls-table adm-table">
				<thead>
					<tr>
						{columns.map((key) => (
							<th key={key} scope="col">
								{t(key)}
							</th>
						))}
						<th scope="col">
							<span className="visually-hidden">{t('admActions')}</span>
						</th>
					</tr>
				</thead>
				<tbody>{children}</tbody>
			</table>
		</div>
	);
}

function AccountTable({ accounts, me, onNotice }: { accounts: AccountInfo[]; me: AccountInfo; onNotice(n: Notice | null): void }) {
	return (
		<AdminTable columns={['accUsername', 'accDisplayName', 'admRole', 'admStatus', 'admLastLogin']}>
			{accounts.map((a) => (
				<AccountRow key={a.id} account={a} self={a.id === me.id} onNotice={onNotice} />
			))}
		</AdminTable>
	);
}

function AccountRow({ account, self, onNotice }: { account: AccountInfo; self: boolean; onNotice(n: Notice | null): void }) {
	const { t, lang } = useI18n();
	const ids = useId();
	const problemText = useProblemText();
	const update = useUpdateAccount();
	const [resetting, setResetting] = useState(false);
	const [password, setPassword] = useState('');
	const [tried, setTried] = useState(false);
	// Only the length rule applies: the admin passes the password on, nothing to repeat.
	const problem = passwordProblem(password, password);

	const toggle = () => {
		onNotice(null);
		update.mutate(
			{ id: account.id, change: { disabled: !account.disabled } },
			{ onSuccess: (a) => onNotice({ key: a.disabled ? 'admDisabledDone' : 'admEnabledDone', username: a.username }) },
		);
	};
	const reset = (e: FormEvent) => {
		e.preventDefault();
		setTried(true);
		if (problem) return;
		onNotice(null);
		update.mutate(
			{ id: account.id, change: { password } },
			{
				onSuccess: (a) => {
					setResetting(false);
					setPassword('');
					setTried(false);
					onNotice({ key: 'admPasswordDone', username: a.username });
				},
			},
		);
	};

	return (
		<>
			<tr data-testid="admin-account" data-username={account.username} data-disabled={account.disabled}>
				<th scope="row" className="cls-member-name">
					{account.username}
					{self && <span className="muted"> ({t('clsYou')})</span>}
				</th>
				<td data-label={t('accDisplayName')}>{account.displayName}</td>
				<td data-label={t('admRole')}>{t(ROLE_LABEL[account.role])}</td>
				<td data-label={t('admStatus')}>
					<span className={account.disabled ? 'tag sold-out' : 'tag'} data-testid="admin-account-status">
						{account.disabled ? t('admDisabled') : t('admActive')}
					</span>
				</td>
				<td className="adm-login" data-label={t('admLastLogin')}>{account.lastLoginAt === null ? <span className="muted">{t('admNeverLoggedIn')}</span> : formatDateTime(account.lastLoginAt, lang)}</td>
				<td className="adm-wide">
					<div className="product-form-actions">
						<button
							type="button"
							className="cls-copy"
							data-testid="admin-toggle-disabled"
							disabled={self || update.isPending}
							title={self ? t('admNotSelf') : undefined}
							onClick={toggle}
						>
							{account.disabled ? t('admEnable') : t('admDisable')}
						</button>
						<button
							type="button"
							className="cls-copy"
							data-testid="admin-reset-password"
							aria-expanded={resetting}
							onClick={() => {
								update.reset();
								setResetting(!resetting);
							}}
						>
							{t('admResetPassword')}
						</button>
					</div>
				</td>
			</tr>
			{(resetting || update.error !== null) && (
				<tr>
					<td colSpan={6} className="adm-wide">
						{resetting && (
							<form className="stack" onSubmit={reset} noValidate>
								<Field id={`${ids}-password`} label={t('admNewPasswordFor', { username: account.username })}>
									<input
										id={`${ids}-password`}
										data-testid="admin-reset-password-new"
										type="password"
										autoComplete="new-password"
										value={password}
										aria-invalid={tried && problem ? true : undefined}
										aria-describedby={`${ids}-password-hint`}
										onChange={(e) => setPassword(e.target.value)}
									/>
									<FieldHint id={`${ids}-password-hint`} rule="admResetRule" problem={tried ? problemText.password(problem) : null} />
								</Field>
								<div className="product-form-actions">
									<button type="submit" className="primary" data-testid="admin-reset-password-save" disabled={update.isPending}>
										{t('admResetSave')}
									</button>
									<button type="button" onClick={() => setResetting(false)}>
										{t('accCancel')}
									</button>
								</div>
							</form>
						)}
						<FormError error={update.error} testId="admin-row-error" />
					</td>
				</tr>
			)}
		</>
	);
}

function CreateAccount({ onCreated }: { onCreated(account: AccountInfo): void }) {
	const { t } = useI18n();
	const ids = useId();
	const problemText = useProblemText();
	const create = useCreateAccount();
	const [username, setUsername] = useState('');
	const [displayName, setDisplayName] = useState('');
	const [password, setPassword] = useState('');
	const [role, setRole] = useState<AccountRole>('mentor');
	const [tried, setTried] = useState(false);
	const nameProblem = usernameProblem(username);
	const pwProblem = passwordProblem(password, password);

	const onSubmit = (e: FormEvent) => {
		e.preventDefault();
		setTried(true);
		if (nameProblem || pwProblem) return;
		create.mutate(
			{ username: username.trim(), password, role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) },
			{
				onSuccess: (a) => {
					setUsername('');
					setDisplayName('');
					setPassword('');
					setRole('mentor');
					setTried(false);
					onCreated(a);
				},
			},
		);
	};

	return (
		<section className="cls-panel" aria-labelledby={`${ids}-title`}>
			<h2 id={`${ids}-title`} className="cls-section-title">
				{t('admCreateTitle')}
			</h2>
			<p className="muted">{t('admCreateIntro')}</p>
			<form className="stack" onSubmit={onSubmit} noValidate>
				<div className="field-pair">
					<UsernameField id={`${ids}-username`} testId="admin-new-username" autoComplete="off" value={username} onChange={setUsername} problem={nameProblem} showProblem={tried} />
					<DisplayNameField id={`${ids}-display`} testId="admin-new-display-name" autoComplete="off" value={displayName} onChange={setDisplayName} />
				</div>
				<div className="field-pair">
					<Field id={`${ids}-password`} label={t('accPassword')}>
						<input
							id={`${ids}-password`}
							data-testid="admin-new-password"
							type="password"
							autoComplete="new-password"
							value={password}
							aria-invalid={tried && pwProblem ? true : undefined}
							aria-describedby={`${ids}-password-hint`}
							onChange={(e) => setPassword(e.target.value)}
						/>
						<FieldHint id={`${ids}-password-hint`} rule="admResetRule" problem={tried ? problemText.password(pwProblem) : null} />
					</Field>
					<Field id={`${ids}-role`} label={t('admRole')}>
						<select id={`${ids}-role`} data-testid="admin-new-role" value={role} onChange={(e) => setRole(ACCOUNT_ROLES.find((r) => r === e.target.value) ?? 'mentor')}>
							{ACCOUNT_ROLES.map((r) => (
								<option key={r} value={r}>
									{t(ROLE_LABEL[r])}
								</option>
							))}
						</select>
					</Field>
				</div>
				<FormError error={create.error} testId="admin-create-error" />
				<button type="submit" className="primary" data-testid="admin-create" disabled={create.isPending}>
					{create.isPending ? t('accSaving') : t('admCreate')}
				</button>
			</form>
		</section>
	);
}
