#!/usr/bin/env bash
# Offline fallback: build mediasoup-worker for a given mediasoup npm version on
# Debian 12 (bookworm) using ONLY the npm registry and Debian's apt archive.
# scripts/setup.sh calls this only when no cached worker exists and mediasoup's
# prebuilt worker cannot be downloaded.
#
# How: the worker sources come from the mediasoup npm tarball (npm pack).
# Every meson subproject that upstream downloads from the network
# (openssl, libuv, libsrtp3, usrsctp, abseil-cpp, flatbuffers, catch2,
# liburing, unordered-dense) is replaced by a tiny local meson project that
# exposes the variables mediasoup's meson.build expects but wraps Debian's
# system libraries (plus two header shims: libsrtp 3 API on libsrtp2, and
# ankerl::unordered_dense on std::unordered_map) and a one-line fix to
# mediasoup's DTLS BIO callback (needed with Debian's kTLS-enabled libssl3).
# The result is cached per mediasoup version, so a second run takes about a
# second.
#
# Usage:
#   build-offline.sh MEDIASOUP_VERSION
#   -> prints the path of the binary on its last line.
#
# Env knobs: MS_WORK_DIR (build dir, default ~/.cache/gladi/mediasoup-build),
#            MS_CACHE_DIR (default ~/.cache/gladi/mediasoup-worker), MS_SKIP_APT=1,
#            MS_JOBS (default: nproc), MS_LIBURING=1 (3.19.x: enable liburing),
#            MS_CACHE_ONLY=1 (print the cached binary or exit 3, never build).
set -euo pipefail

MS_VERSION="${1:?usage: build-offline.sh MEDIASOUP_VERSION}"
MS_WORK_DIR="${MS_WORK_DIR:-$HOME/.cache/gladi/mediasoup-build}"
MS_CACHE_DIR="${MS_CACHE_DIR:-$HOME/.cache/gladi/mediasoup-worker}"
MS_JOBS="${MS_JOBS:-$(nproc)}"
RECIPE_REV=1 # bump when the overlay below changes (part of the cache key)

. /etc/os-release
CACHE_KEY="mediasoup-worker-${MS_VERSION}-linux-$(uname -m)-debian${VERSION_ID}-r${RECIPE_REV}${MS_LIBURING:+-uring}"
CACHED_BIN="${MS_CACHE_DIR}/${CACHE_KEY}/mediasoup-worker"

log() { printf '[mediasoup-worker %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# A worker run without MEDIASOUP_VERSION exits with 41 ("you don't seem to be
# my real father"): the same sanity check mediasoup's postinstall does.
worker_ok() { local rc=0; env -i "$1" >/dev/null 2>&1 || rc=$?; [ "$rc" = 41 ]; }

# ---------------------------------------------------------------------------
# 1. Cache hit? (a cached binary that runs here needs nothing else)
if [ -x "$CACHED_BIN" ] && worker_ok "$CACHED_BIN"; then
	log "cache hit: $CACHED_BIN"
	echo "$CACHED_BIN"
	exit 0
fi
[ -z "${MS_CACHE_ONLY:-}" ] || exit 3 # caller only asked whether it is cached

# ---------------------------------------------------------------------------
# 2. Debian packages (build + runtime).
if [ -z "${MS_SKIP_APT:-}" ]; then
	pkgs=(g++ pkg-config python3 meson ninja-build flatbuffers-compiler
		libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev libflatbuffers-dev)
	[ -n "${MS_LIBURING:-}" ] && pkgs+=(liburing-dev)
	n_ok=$(dpkg-query -W -f='${Status}\n' "${pkgs[@]}" 2>/dev/null | grep -c '^install ok installed$' || true)
	if [ "$n_ok" = "${#pkgs[@]}" ]; then
		log "Debian packages already installed"
	else
		if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
			echo "Building mediasoup-worker needs these Debian packages: ${pkgs[*]}" >&2
			echo "Install them (as root: apt-get install ${pkgs[*]}) and run again." >&2
			exit 1
		fi
		log "apt-get install ${pkgs[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null ||
			{ echo "apt-get install ${pkgs[*]} failed; install them by hand and run again." >&2; exit 1; }
	fi
fi

# ---------------------------------------------------------------------------
# 3. Worker sources from the npm registry.
SRC="${MS_WORK_DIR}/mediasoup-${MS_VERSION}"
rm -rf "$SRC"
mkdir -p "$SRC"
log "npm pack mediasoup@${MS_VERSION}"
tgz=$(cd "$SRC" && npm pack --silent "mediasoup@${MS_VERSION}" | tail -n1)
tar xzf "$SRC/$tgz" -C "$SRC"
W="$SRC/package/worker"

# ---------------------------------------------------------------------------
# 4. Overlay: local replacement subprojects wrapping Debian's libraries.
OV="${MS_WORK_DIR}/overlay-r${RECIPE_REV}"
rm -rf "$OV"
mkdir -p "$OV"/{openssl,libuv,libsrtp3/include,usrsctp,abseil-cpp,catch2,flatbuffers,liburing/include,unordered-dense/include/ankerl}
for d in openssl libuv libsrtp3 usrsctp abseil-cpp flatbuffers liburing; do
	cat >"$OV/$d/stub.c" <<'EOF'
/* Placeholder so that mediasoup can link_whole() this target; the real code
 * comes from the Debian shared library. */
typedef int ms_system_dep_stub_t;
EOF
done

cat >"$OV/openssl/meson.build" <<'EOF'
# Replacement for the openssl wrap: Debian's libssl-dev (OpenSSL 3.0.x).
project('openssl', 'c', version: 'system')
openssl_dep = dependency('openssl', version: '>=3.0.0')
libcrypto_dep = dependency('libcrypto')
libssl_dep = dependency('libssl')
# mediasoup link_whole()s these two targets: empty static libraries.
libcrypto_lib = static_library('ms_stub_crypto', 'stub.c')
libssl_lib = static_library('ms_stub_ssl', 'stub.c')
EOF

cat >"$OV/libuv/meson.build" <<'EOF'
# Replacement for the libuv wrap: Debian's libuv1-dev.
project('libuv', 'c', version: 'system')
libuv_dep = dependency('libuv', version: '>=1.44.0')
libuv = static_library('ms_stub_uv', 'stub.c')
EOF
cat >"$OV/libuv/meson_options.txt" <<'EOF'
option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)
EOF

cat >"$OV/libsrtp3/meson.build" <<'EOF'
# Replacement for the libsrtp3 wrap: Debian's libsrtp2-dev plus a header shim
# (include/srtp.h) that provides the libsrtp 3 API used by mediasoup.
project('libsrtp3', 'c', version: 'system-srtp2-shim')

fs = import('fs')

compat_args = []
# mediasoup >= 3.2x uses libsrtp 3's opaque policy API (srtp_policy_create()).
if fs.read(meson.global_source_root() / 'src' / 'RTC' / 'SrtpSession.cpp').contains('srtp_policy_create')
  compat_args += ['-DMS_SRTP3_OPAQUE_POLICY']
endif

libsrtp2_dep = dependency('libsrtp2', version: '>=2.4.0')
libsrtp3_dep = declare_dependency(
  include_directories: include_directories('include'),
  compile_args: compat_args,
  dependencies: libsrtp2_dep,
)
libsrtp3 = static_library('ms_stub_srtp', 'stub.c')
EOF
cat >"$OV/libsrtp3/meson_options.txt" <<'EOF'
option('crypto-library', type: 'combo', choices: ['none', 'openssl', 'nss', 'mbedtls'], value: 'openssl')
option('crypto-library-kdf', type: 'feature', value: 'auto')
option('tests', type: 'feature', value: 'disabled')
EOF

cat >"$OV/libsrtp3/include/srtp.h" <<'EOF'
/*
 * libsrtp 3.x API shim on top of Debian's libsrtp 2.x (libsrtp2-dev).
 *
 * mediasoup (>= 3.14) is written against versatica's libsrtp 3 fork:
 *  - srtp_protect()/srtp_unprotect()/srtp_protect_rtcp()/srtp_unprotect_rtcp()
 *    take (ctx, const in, in_len, out, &out_len[, mki_index]) with size_t
 *    lengths; libsrtp 2 works in place with int lengths.
 *  - srtp_remove_stream() was renamed srtp_stream_remove().
 *  - newer mediasoup (>= 3.2x) also uses the opaque policy API
 *    (srtp_policy_create/_set_profile/_add_key/...; srtp_policy_t is a
 *    pointer). That part is enabled by MS_SRTP3_OPAQUE_POLICY, which the
 *    libsrtp3 replacement subproject defines when mediasoup's
 *    src/RTC/SrtpSession.cpp calls srtp_policy_create().
 *
 * mediasoup's worker is C++, so the libsrtp 3 signatures are C++ inline
 * overloads next to libsrtp 2's extern "C" functions (different parameter
 * lists, so overload resolution picks the right one; no symbol clash).
 */
#ifndef MS_SRTP3_COMPAT_SRTP_H
#define MS_SRTP3_COMPAT_SRTP_H

#ifdef MS_SRTP3_OPAQUE_POLICY
/* Keep libsrtp 2's policy struct under another name. */
#define srtp_policy_t ms_srtp2_policy_t
#endif

#include <srtp2/srtp.h>

#ifdef MS_SRTP3_OPAQUE_POLICY
#undef srtp_policy_t
#endif

#ifdef __cplusplus

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

/* Error codes added in libsrtp 3 (same numeric values as libsrtp 3). */
inline constexpr srtp_err_status_t srtp_err_status_buffer_small =
  static_cast<srtp_err_status_t>(28);
inline constexpr srtp_err_status_t srtp_err_status_cryptex_err =
  static_cast<srtp_err_status_t>(29);
inline constexpr srtp_err_status_t srtp_err_status_direction_mismatch =
  static_cast<srtp_err_status_t>(30);

namespace ms_srtp3_compat
{
	/* Copy `in` to `out` (if not the same buffer) and run a libsrtp 2 in-place
	 * function on `out`. `*out_len` is the capacity of `out` on input and the
	 * resulting length on output (libsrtp 3 semantics). `trailer` is the
	 * maximum number of bytes the operation may append. */
	template<typename Fn>
	inline srtp_err_status_t run(
	  Fn fn, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len, size_t trailer)
	{
		if (in == nullptr || out == nullptr || out_len == nullptr)
			return srtp_err_status_bad_param;
		if (in_len > static_cast<size_t>(INT_MAX - SRTP_MAX_TRAILER_LEN - 4))
			return srtp_err_status_bad_param;
		if (*out_len < in_len + trailer)
			return srtp_err_status_buffer_small;

		if (out != in)
			std::memmove(out, in, in_len);

		int len = static_cast<int>(in_len);
		const srtp_err_status_t err = fn(static_cast<void*>(out), &len);

		if (err == srtp_err_status_ok)
			*out_len = static_cast<size_t>(len);

		return err;
	}
} // namespace ms_srtp3_compat

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtp_len, uint8_t* srtp, size_t* srtp_len, size_t mki_index)
{
	return ms_srtp3_compat::run(
	  [&](void* buf, int* len) {
		  return mki_index == 0
		           ? ::srtp_protect(ctx, buf, len)
		           : ::srtp_protect_mki(ctx, buf, len, 1, static_cast<unsigned int>(mki_index));
	  },
	  rtp,
	  rtp_len,
	  srtp,
	  srtp_len,
	  SRTP_MAX_TRAILER_LEN);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtp_len, uint8_t* rtp, size_t* rtp_len)
{
	return ms_srtp3_compat::run(
	  [&](void* buf, int* len) { return ::srtp_unprotect(ctx, buf, len); },
	  srtp,
	  srtp_len,
	  rtp,
	  rtp_len,
	  0);
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcp_len, uint8_t* srtcp, size_t* srtcp_len, size_t mki_index)
{
	return ms_srtp3_compat::run(
	  [&](void* buf, int* len) {
		  return mki_index == 0
		           ? ::srtp_protect_rtcp(ctx, buf, len)
		           : ::srtp_protect_rtcp_mki(ctx, buf, len, 1, static_cast<unsigned int>(mki_index));
	  },
	  rtcp,
	  rtcp_len,
	  srtcp,
	  srtcp_len,
	  SRTP_MAX_TRAILER_LEN + 4 /* SRTCP E-flag + index */);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcp_len, uint8_t* rtcp, size_t* rtcp_len)
{
	return ms_srtp3_compat::run(
	  [&](void* buf, int* len) { return ::srtp_unprotect_rtcp(ctx, buf, len); },
	  srtcp,
	  srtcp_len,
	  rtcp,
	  rtcp_len,
	  0);
}

/* Renamed in libsrtp 3. */
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return ::srtp_remove_stream(session, ssrc);
}

#ifdef MS_SRTP3_OPAQUE_POLICY

/* libsrtp 3 opaque policy object: libsrtp 2 policy + storage for key||salt. */
struct ms_srtp3_policy
{
	ms_srtp2_policy_t p;
	uint8_t key[SRTP_MAX_KEY_LEN];
};

typedef ms_srtp3_policy* srtp_policy_t;

inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	auto* pol = new (std::nothrow) ms_srtp3_policy();

	if (pol == nullptr)
		return srtp_err_status_alloc_fail;

	std::memset(pol, 0, sizeof(*pol));
	pol->p.window_size = 128; /* libsrtp default */
	pol->p.key         = pol->key;
	pol->p.next        = nullptr;
	*policy            = pol;

	return srtp_err_status_ok;
}

inline void srtp_policy_destroy(srtp_policy_t policy)
{
	delete policy;
}

inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->p.ssrc = ssrc;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->p.rtp, profile);

	if (err != srtp_err_status_ok)
		return err;

	/* NOTE: libsrtp 2 uses an 80-bit tag for RTCP with aes128_cm_sha1_32, as
	 * mandated by RFC 3711 and as libsrtp 3 does. */
	return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->p.rtcp, profile);
}

inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy,
  const uint8_t* key,
  size_t key_len,
  const uint8_t* salt,
  size_t salt_len,
  const uint8_t* mki,
  size_t mki_len)
{
	if (policy == nullptr || key == nullptr || (salt == nullptr && salt_len != 0))
		return srtp_err_status_bad_param;
	/* Multiple master keys / MKI are not supported by this shim. */
	if (mki != nullptr || mki_len != 0)
		return srtp_err_status_bad_param;
	if (key_len + salt_len > sizeof(policy->key))
		return srtp_err_status_bad_param;
	if (
	  policy->p.rtp.cipher_key_len > 0 &&
	  key_len + salt_len != static_cast<size_t>(policy->p.rtp.cipher_key_len))
	{
		return srtp_err_status_bad_param;
	}

	std::memcpy(policy->key, key, key_len);
	if (salt_len != 0)
		std::memcpy(policy->key + key_len, salt, salt_len);

	policy->p.key = policy->key;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->p.allow_repeat_tx = allow ? 1 : 0;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t window_size)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->p.window_size = static_cast<unsigned long>(window_size);

	return srtp_err_status_ok;
}

/* srtp_create() taking the opaque policy (libsrtp 2 takes a struct pointer). */
inline srtp_err_status_t srtp_create(srtp_t* session, srtp_policy_t policy)
{
	return ::srtp_create(session, policy != nullptr ? &policy->p : nullptr);
}

#endif /* MS_SRTP3_OPAQUE_POLICY */

#endif /* __cplusplus */

#endif /* MS_SRTP3_COMPAT_SRTP_H */
EOF

cat >"$OV/usrsctp/meson.build" <<'EOF'
# Replacement for the usrsctp wrap: Debian's libusrsctp-dev (0.9.5.0).
project('usrsctp', 'c', version: 'system')
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('ms_stub_usrsctp', 'stub.c')
EOF
cat >"$OV/usrsctp/meson_options.txt" <<'EOF'
option('sctp_build_programs', type: 'boolean', value: false)
EOF

cat >"$OV/abseil-cpp/meson.build" <<'EOF'
# Replacement for the abseil-cpp wrap: Debian's libabsl-dev (20220623).
project('abseil-cpp', 'c', 'cpp', version: 'system')
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'),
  dependency('absl_node_hash_map'),
  dependency('absl_inlined_vector'),
  dependency('absl_btree'),
  dependency('absl_memory'),
])
absl_strings_dep = declare_dependency(dependencies: [
  dependency('absl_strings'),
  dependency('absl_str_format'),
])
absl_types_dep = declare_dependency(dependencies: [
  dependency('absl_optional'),
  dependency('absl_variant'),
  dependency('absl_span'),
])
absl_base_dep = declare_dependency(dependencies: [dependency('absl_base')])
absl_container_lib = static_library('ms_stub_absl', 'stub.c')
EOF

cat >"$OV/catch2/meson.build" <<'EOF'
# Replacement for the catch2 wrap. mediasoup's C++ unit tests need Catch2 v3;
# Debian bookworm only has v2, so the (not built by default) worker unit test
# targets are left without it.
project('catch2', 'c', version: 'none')
catch2_dep = declare_dependency()
catch2_with_main_dep = declare_dependency()
EOF

cat >"$OV/flatbuffers/meson.build" <<'EOF'
# Replacement for the flatbuffers wrap: Debian's libflatbuffers-dev and
# flatbuffers-compiler (flatc is then found in PATH by worker/fbs).
project('flatbuffers', 'c', 'cpp', version: 'system')
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('ms_stub_flatbuffers', 'stub.c')
EOF

cat >"$OV/liburing/meson.build" <<'EOF'
# Replacement for the liburing wrap (only used if ms_disable_liburing=false,
# which needs liburing-dev and the API shim in include/).
project('liburing', 'c', version: 'system')
uring = declare_dependency(
  include_directories: include_directories('include'),
  dependencies: dependency('liburing'),
)
liburing = static_library('ms_stub_uring', 'stub.c')
EOF
cat >"$OV/liburing/include/liburing.h" <<'EOF'
/* liburing >= 2.4 API used by mediasoup, on top of Debian bookworm's 2.3. */
#include_next <liburing.h>
#ifndef MS_LIBURING_COMPAT_H
#define MS_LIBURING_COMPAT_H
#ifndef IO_URING_VERSION_MAJOR
static inline int io_uring_major_version(void) { return 2; }
static inline int io_uring_minor_version(void) { return 3; }
static inline void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd,
	const void *buf, size_t len, int flags, const struct sockaddr *addr,
	socklen_t addrlen)
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, (__u16)addrlen);
}
#endif
#endif
EOF

cat >"$OV/unordered-dense/meson.build" <<'EOF'
# Replacement for the unordered-dense wrap (martinus/unordered_dense is not
# packaged by Debian): a compatibility header mapping
# ankerl::unordered_dense::{map,set,hash} onto std::unordered_{map,set}.
project('ankerl-unordered-dense', 'cpp', version: '4.8.1-std-compat', license: 'MIT')
ankerl_unordered_dense_dep = declare_dependency(
  include_directories: include_directories('include'),
)
EOF
cat >"$OV/unordered-dense/include/ankerl/unordered_dense.h" <<'EOF'
// Stand-in for <ankerl/unordered_dense.h> (martinus/unordered_dense 4.x).
//
// The real library is a flat, insertion-ordered (vector-backed) hash map that
// is not packaged by Debian. This header provides the subset of its API used
// by mediasoup on top of std::unordered_map / std::unordered_set. Semantics
// are a superset for correct users (node-based containers have *more* stable
// references/iterators); differences: iteration order is unspecified instead
// of insertion order, and performance is that of the standard containers.
#ifndef ANKERL_UNORDERED_DENSE_H
#define ANKERL_UNORDERED_DENSE_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#define ANKERL_UNORDERED_DENSE_VERSION_MAJOR 4
#define ANKERL_UNORDERED_DENSE_VERSION_MINOR 8
#define ANKERL_UNORDERED_DENSE_VERSION_PATCH 1
#define ANKERL_UNORDERED_DENSE_STD_COMPAT 1

namespace ankerl::unordered_dense
{
	namespace detail
	{
		// Same 64-bit mixer as unordered_dense (wyhash mum).
		inline uint64_t mix(uint64_t a, uint64_t b) noexcept
		{
			__uint128_t r = a;
			r *= b;
			return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64U);
		}

		inline uint64_t hash_u64(uint64_t x) noexcept
		{
			return mix(x, UINT64_C(0x9E3779B97F4A7C15));
		}
	} // namespace detail

	template<typename T, typename Enable = void>
	struct hash
	{
		auto operator()(const T& obj) const
		  noexcept(noexcept(std::declval<std::hash<T>>().operator()(std::declval<const T&>())))
		    -> uint64_t
		{
			return static_cast<uint64_t>(std::hash<T>{}(obj));
		}
	};

	template<typename T>
	struct hash<T, std::enable_if_t<std::is_integral_v<T> || std::is_enum_v<T>>>
	{
		using is_avalanching = void;

		auto operator()(const T& obj) const noexcept -> uint64_t
		{
			return detail::hash_u64(static_cast<uint64_t>(obj));
		}
	};

	template<typename T>
	struct hash<T*>
	{
		using is_avalanching = void;

		auto operator()(T* ptr) const noexcept -> uint64_t
		{
			return detail::hash_u64(reinterpret_cast<uintptr_t>(ptr));
		}
	};

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using segmented_map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using segmented_set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif // ANKERL_UNORDERED_DENSE_H
EOF

# Put each replacement where meson expects the unpacked wrap (the wrap's
# "directory ="): the .wrap files (and their [provide] sections) stay intact,
# and with --wrap-mode=nodownload meson never tries the network.
for wrap in "$W"/subprojects/*.wrap; do
	name=$(basename "$wrap" .wrap)
	[ -d "$OV/$name" ] || continue # e.g. wingetopt (Windows only)
	dir=$(sed -n 's/^directory *= *//p' "$wrap")
	rm -rf "${W}/subprojects/${dir:?}"
	cp -a "$OV/$name" "$W/subprojects/$dir"
	log "subproject $name -> Debian system library (subprojects/$dir)"
done

# Debian bookworm ships meson 1.0.1; mediasoup asks for >= 1.1.0 but uses no
# 1.1 feature.
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" "$W/meson.build"

# Source patch (required with Debian's libssl3): mediasoup's DTLS BIO callback
# (onSslBioOut) returns 1 instead of `ret` for the BIO_CB_RETURN phase of
# BIO_ctrl(). Debian builds OpenSSL with kTLS, so BIO_get_ktls_send() then
# reports "true" for mediasoup's memory BIO, OpenSSL never allocates its record
# write buffer, and the worker dies with SIGSEGV on the first DTLS handshake
# with a browser. Upstream's bundled OpenSSL is built without kTLS, which hides
# the bug. Fix: return `ret` for every return phase (documented BIO semantics).
sed -i 's/(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1;/((operationType \& BIO_CB_RETURN) != 0) ? static_cast<long>(ret) : 1;/' \
	"$W/src/RTC/DtlsTransport.cpp"
grep -q '(operationType & BIO_CB_RETURN) != 0' "$W/src/RTC/DtlsTransport.cpp" ||
	{ echo "DtlsTransport.cpp BIO callback patch did not apply" >&2; exit 1; }

# ---------------------------------------------------------------------------
# 5. Configure + build (same flags as mediasoup's tasks.py Release build).
meson_opts=(--buildtype release -Db_ndebug=true --wrap-mode=nodownload)
# Debian's liburing (2.3) is older than what mediasoup 3.19.x wants; liburing is
# an optional send-path optimisation, so keep it off (3.2x dropped it anyway).
# Set MS_LIBURING=1 to enable it anyway (uses the liburing API shim above).
if grep -q "ms_disable_liburing" "$W/meson_options.txt"; then
	meson_opts+=(-Dms_disable_liburing="$([ -n "${MS_LIBURING:-}" ] && echo false || echo true)")
fi
log "meson setup ${meson_opts[*]}"
(cd "$W" && meson setup "${meson_opts[@]}" out/build >"$SRC/meson-setup.log" 2>&1) ||
	{ tail -n 40 "$SRC/meson-setup.log" >&2; exit 1; }

start=$(date +%s)
# Generate the flatbuffers headers first: in 3.19.x libwebrtc's objects do not
# depend on the generator target, so a parallel build can race it.
gen_targets=$(ninja -C "$W/out/build" -t targets all | awk -F: '$1 ~ /^fbs\// && /CUSTOM_COMMAND/ {print $1}')
log "ninja (-j${MS_JOBS}) flatbuffers headers + mediasoup-worker"
# shellcheck disable=SC2086
ninja -C "$W/out/build" -j"$MS_JOBS" $gen_targets >"$SRC/ninja.log" 2>&1 &&
	ninja -C "$W/out/build" -j"$MS_JOBS" mediasoup-worker >>"$SRC/ninja.log" 2>&1 ||
	{ grep -m20 -A5 "error:" "$SRC/ninja.log" >&2 || tail -n 40 "$SRC/ninja.log" >&2; exit 1; }
log "build took $(($(date +%s) - start)) s"

BIN="$W/out/build/mediasoup-worker"
worker_ok "$BIN" || { echo "built worker failed the exit-41 sanity check" >&2; exit 1; }

mkdir -p "$(dirname "$CACHED_BIN")"
cp "$BIN" "$CACHED_BIN.tmp" && mv "$CACHED_BIN.tmp" "$CACHED_BIN"
log "cached: $CACHED_BIN ($(stat -c %s "$CACHED_BIN") bytes)"
echo "$CACHED_BIN"
