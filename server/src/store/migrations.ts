/**
 * Schema migrations, applied in order; PRAGMA user_version records how many
 * ran. Append new ones; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
	// 1: the catalog
	`CREATE TABLE products (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		price INTEGER NOT NULL CHECK (price > 0),
		category TEXT NOT NULL DEFAULT '',
		material TEXT NOT NULL DEFAULT '',
		image_url TEXT,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE variants (
		id TEXT PRIMARY KEY,
		product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		size TEXT,
		color TEXT,
		stock INTEGER NOT NULL CHECK (stock >= 0)
	);
	CREATE INDEX variants_product ON variants(product_id, position);`,
	// 2: rooms and their invites (links keep working across restarts), rehearsal sessions with
	// their timelines, mentors' notes and rubric scores, classes
	`CREATE TABLE rooms (
		code TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		product_ids TEXT NOT NULL,
		class_id TEXT,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE invites (
		token TEXT PRIMARY KEY,
		room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
		role TEXT NOT NULL CHECK (role IN ('host', 'mentor', 'buyer'))
	);
	CREATE INDEX invites_room ON invites(room_code);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		room_code TEXT NOT NULL,
		title TEXT NOT NULL,
		host_name TEXT NOT NULL,
		started_at INTEGER NOT NULL,
		ended_at INTEGER,
		class_id TEXT,
		member_id TEXT
	);
	CREATE INDEX sessions_room ON sessions(room_code, started_at);
	CREATE INDEX sessions_member ON sessions(member_id, started_at);
	CREATE INDEX sessions_class ON sessions(class_id, started_at);
	CREATE TABLE session_events (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
		at INTEGER NOT NULL,
		type TEXT NOT NULL,
		data TEXT NOT NULL
	);
	CREATE INDEX session_events_session ON session_events(session_id, seq);
	CREATE TABLE notes (
		id TEXT PRIMARY KEY,
		session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
		at INTEGER NOT NULL,
		mentor_name TEXT NOT NULL,
		text TEXT NOT NULL,
		tags TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX notes_session ON notes(session_id, at);
	CREATE TABLE rubric_scores (
		session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
		criterion TEXT NOT NULL,
		level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
		mentor_name TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (session_id, criterion)
	);
	CREATE TABLE classes (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		mentor_token TEXT NOT NULL UNIQUE,
		turn_seconds INTEGER NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE class_members (
		id TEXT PRIMARY KEY,
		class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		token TEXT NOT NULL UNIQUE,
		room_code TEXT NOT NULL,
		position INTEGER NOT NULL
	);
	CREATE INDEX class_members_class ON class_members(class_id, position);
	CREATE TABLE class_turns (
		room_code TEXT PRIMARY KEY,
		class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
		turn_index INTEGER NOT NULL,
		turn_started_at INTEGER NOT NULL
	);`,
	// 3: one recording per session (its parts live in `dir` until they are joined into `file`).
	`CREATE TABLE recordings (
		session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
		dir TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('recording', 'ready', 'failed')),
		file TEXT,
		mime_type TEXT,
		started_at INTEGER,
		duration_ms INTEGER,
		size_bytes INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX recordings_created ON recordings(created_at);`,
	// 4: accounts for mentors and admins, their sign-in sessions (only a hash of each token is kept), who owns
	// products, rooms and classes (NULL: made before accounts, adopted by the first admin), when each invite
	// was issued (links expire) and for which class member a turn's host link was issued, and the products a
	// room was made with, copied into it (editing or deleting a catalog product leaves the room as it was).
	`CREATE TABLE accounts (
		id TEXT PRIMARY KEY,
		username TEXT NOT NULL UNIQUE,
		display_name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('admin', 'mentor')),
		disabled INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		last_login_at INTEGER
	);
	CREATE TABLE auth_sessions (
		token_hash TEXT PRIMARY KEY,
		account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		last_seen_at INTEGER NOT NULL
	);
	CREATE INDEX auth_sessions_account ON auth_sessions(account_id);
	ALTER TABLE products ADD COLUMN owner_id TEXT REFERENCES accounts(id) ON DELETE CASCADE;
	CREATE INDEX products_owner ON products(owner_id, created_at);
	ALTER TABLE rooms ADD COLUMN owner_id TEXT REFERENCES accounts(id) ON DELETE SET NULL;
	CREATE INDEX rooms_owner ON rooms(owner_id, created_at);
	ALTER TABLE classes ADD COLUMN owner_id TEXT REFERENCES accounts(id) ON DELETE SET NULL;
	CREATE INDEX classes_owner ON classes(owner_id, created_at);
	ALTER TABLE invites ADD COLUMN issued_at INTEGER;
	ALTER TABLE invites ADD COLUMN member_id TEXT;
	CREATE TABLE room_products (
		room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		product_id TEXT NOT NULL,
		data TEXT NOT NULL,
		PRIMARY KEY (room_code, product_id)
	);
	INSERT INTO room_products (room_code, position, product_id, data)
		SELECT r.code, j.key, p.id, json_object(
			'id', p.id, 'name', p.name, 'description', p.description, 'price', p.price, 'category', p.category,
			'material', p.material, 'imageUrl', p.image_url,
			'variants', json((SELECT json_group_array(json_object('id', v.id, 'size', v.size, 'color', v.color, 'stock', v.stock))
				FROM (SELECT * FROM variants WHERE product_id = p.id ORDER BY position) v)))
		FROM rooms r, json_each(r.product_ids) j JOIN products p ON p.id = j.value;`,
	// 5: which server node's disk holds each recording (PostgreSQL's schema has it too; here it is always this one)
	`ALTER TABLE recordings ADD COLUMN node_id TEXT;`,
];
