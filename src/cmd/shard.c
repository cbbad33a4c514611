/* shard.c - the shard file: writing one (simulate under --shard), and
 * reading one that anyone may have written, as JSON of exactly the shard
 * format's shape, every number in its range, before a count of it is
 * used. The format, field by field, is in deadrelu(1), SHARD FILES. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cmd/shard.h"
#include "util/fileio.h"
#include "util/json.h"

typedef unsigned long long ull;

/* ---- 128-bit numbers as decimal text, in 64-bit words (32-bit targets have no wider integer) ---- */

#define U128_DIGITS 40 /* 2^128 - 1 has 39 digits */

static void u128_text(uint64_t hi, uint64_t lo, char buf[U128_DIGITS])
{
	char rev[U128_DIGITS];
	int n = 0;
	do { /* (hi, lo) /= 10, in 32-bit limbs */
		uint64_t limb[4] = {hi >> 32, hi & 0xffffffffu, lo >> 32, lo & 0xffffffffu}, rem = 0;
		for (int i = 0; i < 4; i++) {
			uint64_t cur = rem << 32 | limb[i];
			limb[i] = cur / 10;
			rem = cur % 10;
		}
		hi = limb[0] << 32 | limb[1];
		lo = limb[2] << 32 | limb[3];
		rev[n++] = (char)('0' + rem);
	} while (hi || lo);
	for (int i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = 0;
}

/* Digits only, below 2^128; 0 or -1. */
static int u128_parse(const char *s, uint64_t *hi, uint64_t *lo)
{
	*hi = *lo = 0;
	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		uint64_t d = (uint64_t)(*s - '0');
		/* carry of lo * 10 into the high word */
		uint64_t carry = ((*lo >> 32) * 10 + (((*lo & 0xffffffffu) * 10) >> 32)) >> 32;
		if (*hi > (UINT64_MAX - carry) / 10)
			return -1;
		*hi = *hi * 10 + carry;
		*lo = *lo * 10;
		*lo += d;
		if (*lo < d) {
			if (*hi == UINT64_MAX)
				return -1;
			(*hi)++;
		}
	}
	return 0;
}

/* ---- writing ---- */

static void u64_array(sbuf *out, const char *name, const uint64_t *v, long long n)
{
	sb_printf(out, ",\"%s\":[", name);
	for (long long l = 0; l < n; l++)
		sb_printf(out, l ? ",%llu" : "%llu", (ull)v[l]);
	sb_puts(out, "]");
}

void shard_json(sbuf *out, const dr_params *p, long long index, long long of, const dr_counters *c)
{
	long long k = c->depth;
	sb_printf(out, "{\"command\":\"shard\",\"format\":%d", SHARD_FORMAT);
	report_origin_json(out, p);
	sb_printf(out, ",\"slice\":{\"index\":%lld,\"of\":%lld,\"first\":%lld,\"count\":%lld}", index, of, c->first,
		  c->count);
	sb_printf(out, ",\"counters\":{\"depth\":%lld,\"points\":%d,\"counted\":%lld,\"seconds\":", k, c->points, c->n);
	sb_json_num(out, c->seconds);
	u64_array(out, "alive", c->alive, k);
	u64_array(out, "living", c->living, k);
	u64_array(out, "dead_units", c->dead_units, k);
	u64_array(out, "reached", c->reached, k);
	sb_puts(out, ",\"min_living\":[");
	for (long long l = 0; l < k; l++) {
		if (c->min_living[l] == INT32_MAX)
			sb_puts(out, l ? ",null" : "null");
		else
			sb_printf(out, l ? ",%d" : "%d", c->min_living[l]);
	}
	char sq[U128_DIGITS];
	u128_text(c->living_sq_hi, c->living_sq_lo, sq);
	sb_printf(out, "],\"living_sq\":\"%s\"", sq);
	if (c->cert_alive) {
		u64_array(out, "cert_alive", c->cert_alive, k);
		u64_array(out, "cert_dead", c->cert_dead, k);
	}
	sb_puts(out, "}}\n");
}

/* ---- reading ---- */

const char *shard_shown(const char *v, char *buf, size_t len)
{
	size_t n = strlen(v), max = len > 44 ? 40 : len - 4, cut = n > max ? max : n, o = 0;
	while (cut < n && cut > 0 && ((unsigned char)v[cut] & 0xc0) == 0x80)
		cut--; /* not inside a UTF-8 sequence */
	for (size_t i = 0; i < cut; i++)
		buf[o++] = (unsigned char)v[i] < 0x20 || v[i] == 0x7f ? '?' : v[i];
	if (cut < n)
		o += (size_t)snprintf(buf + o, len - o, "...");
	buf[o] = 0;
	return buf;
}

/* A reading error: where, the place in the file (a member's name), why. */
static int bad(json_reader *j, const char *place, char *err, size_t errlen)
{
	char where[64];
	json_where(j, where, sizeof where);
	return cmd_errf(err, errlen, "%s: %s%s%s", where, place ? place : "", place ? ": " : "", j->err);
}

/* Members of an object, each at most once, all but the optional ones
 * (a bit each) once. */
typedef struct {
	const char *const *names;
	int n;
	unsigned optional;
	int seen[16];
} members;

/* The next member's name in buf and its index in m in *i: 1, or 0 at the
 * object's end (every member that must be there was), or DR_EINVAL (an
 * unknown member, one given twice, one missing). */
static int next_member(json_reader *j, members *m, const char *obj, char *buf, size_t len, int *i, char *err,
		       size_t errlen)
{
	int more;
	if (json_next(j, &more) < 0 || (more && json_key(j, buf, len) < 0))
		return bad(j, obj, err, errlen);
	if (!more) {
		for (int k = 0; k < m->n; k++)
			if (!m->seen[k] && !(m->optional >> k & 1)) {
				json_fail(j, "no \"%s\" member", m->names[k]);
				return bad(j, obj, err, errlen);
			}
		return 0;
	}
	for (*i = 0; *i < m->n && strcmp(m->names[*i], buf); (*i)++)
		;
	if (*i == m->n) {
		char list[256] = "";
		for (int k = 0; k < m->n; k++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", m->names[k]);
		char b[64];
		json_fail(j, "an unknown member \"%s\" (allowed: %s)", shard_shown(buf, b, sizeof b), list);
		return bad(j, obj, err, errlen);
	}
	if (m->seen[*i]++) {
		json_fail(j, "\"%s\" given twice", buf); /* (a name of m's) */
		return bad(j, obj, err, errlen);
	}
	return 1;
}

/* A whole number 0..max into *v. */
static int read_count(json_reader *j, const char *place, long long max, long long *v, char *err, size_t errlen)
{
	uint64_t x;
	if (json_u64(j, &x) < 0)
		return bad(j, place, err, errlen);
	if (x > (uint64_t)max) {
		json_fail(j, "%llu is too large (allowed: 0..%lld)", (ull)x, max);
		return bad(j, place, err, errlen);
	}
	*v = (long long)x;
	return DR_OK;
}

/* A growing array of numbers read from the file; at most DR_MAX_DEPTH. */
typedef struct {
	uint64_t *v;
	long long n, cap;
	int nulls; /* null entries allowed (min_living), as UINT64_MAX */
} numbers;

static int read_numbers(json_reader *j, const char *place, numbers *a, char *err, size_t errlen)
{
	int more;
	if (json_open(j, JSON_ARRAY) < 0)
		return bad(j, place, err, errlen);
	for (;;) {
		if (json_next(j, &more) < 0)
			return bad(j, place, err, errlen);
		if (!more)
			return DR_OK;
		if (a->n == DR_MAX_DEPTH) {
			json_fail(j, "more than %d entries (allowed: one a depth, depth at most %d)", DR_MAX_DEPTH,
				  DR_MAX_DEPTH);
			return bad(j, place, err, errlen);
		}
		if (a->n == a->cap) {
			long long cap = a->cap ? 2 * a->cap : 64;
			uint64_t *v = realloc(a->v, (size_t)cap * sizeof *v);
			if (!v)
				return cmd_errf(err, errlen, "%s: out of memory", place);
			a->v = v;
			a->cap = cap;
		}
		char at[160];
		snprintf(at, sizeof at, "%s[%lld]", place, a->n);
		if (a->nulls && json_peek(j) == JSON_NULL) {
			if (json_null(j) < 0)
				return bad(j, at, err, errlen);
			a->v[a->n++] = UINT64_MAX;
		} else if (json_u64(j, &a->v[a->n]) < 0) {
			return bad(j, at, err, errlen);
		} else {
			a->n++;
		}
	}
}

enum { C_DEPTH, C_POINTS, C_COUNTED, C_SECONDS, C_ALIVE, C_LIVING, C_DEAD, C_REACHED, C_MIN, C_SQ, C_CALIVE,
       C_CDEAD, C_N };
static const char *const counter_names[C_N] = {"depth", "points", "counted", "seconds", "alive", "living",
					       "dead_units", "reached", "min_living", "living_sq", "cert_alive",
					       "cert_dead"};

/* The counters object into sh->c. */
static int read_counters(json_reader *j, shard *sh, char *err, size_t errlen)
{
	numbers a[C_N] = {{0}};
	a[C_MIN].nulls = 1;
	members m = {counter_names, C_N, 1u << C_CALIVE | 1u << C_CDEAD, {0}}; /* certify off: no cert_* */
	long long depth = 0, points = 0, counted = 0;
	double seconds = 0;
	char name[64], place[96], sq[64];
	int i, got, rc = DR_OK;
	if (json_open(j, JSON_OBJECT) < 0)
		return bad(j, "counters", err, errlen);
	while (rc == DR_OK && (got = next_member(j, &m, "counters", name, sizeof name, &i, err, errlen)) > 0) {
		snprintf(place, sizeof place, "counters.%s", name);
		switch (i) {
		case C_DEPTH:
			rc = read_count(j, place, DR_MAX_DEPTH, &depth, err, errlen);
			break;
		case C_POINTS:
			rc = read_count(j, place, DR_MAX_POINTS, &points, err, errlen);
			break;
		case C_COUNTED:
			rc = read_count(j, place, LLONG_MAX, &counted, err, errlen);
			break;
		case C_SECONDS:
			if (json_double(j, &seconds) < 0) {
				rc = bad(j, place, err, errlen);
			} else if (!(seconds >= 0)) {
				json_fail(j, "%g is negative (allowed: a number of seconds >= 0)", seconds);
				rc = bad(j, place, err, errlen);
			}
			break;
		case C_SQ:
			if (json_string(j, sq, sizeof sq) < 0) {
				rc = bad(j, place, err, errlen);
			} else if (u128_parse(sq, &sh->c.living_sq_hi, &sh->c.living_sq_lo) < 0) {
				char b[64];
				json_fail(j, "'%s' is not a whole number below 2^128 in decimal digits",
					  shard_shown(sq, b, sizeof b));
				rc = bad(j, place, err, errlen);
			}
			break;
		default:
			rc = read_numbers(j, place, &a[i], err, errlen);
		}
	}
	if (rc == DR_OK && got < 0)
		rc = got;
	int cert[2] = {m.seen[C_CALIVE], m.seen[C_CDEAD]};
	if (rc == DR_OK && cert[0] != cert[1]) {
		json_fail(j, "\"%s\" without \"%s\" (allowed: both, with certify on, or neither)",
			  counter_names[cert[0] ? C_CALIVE : C_CDEAD], counter_names[cert[0] ? C_CDEAD : C_CALIVE]);
		rc = bad(j, "counters", err, errlen);
	}
	for (int k = C_ALIVE; rc == DR_OK && k < C_N; k++) {
		if (k == C_SQ || (k >= C_CALIVE && !cert[0]))
			continue;
		if (a[k].n != depth)
			rc = cmd_errf(err, errlen, "counters.%s: %lld entries (allowed: %lld, one a depth)", counter_names[k],
				      a[k].n, depth);
	}
	dr_counters *c = &sh->c;
	c->depth = depth;
	c->points = (int)points;
	c->n = counted;
	c->seconds = seconds;
	c->alive = a[C_ALIVE].v;
	c->living = a[C_LIVING].v;
	c->dead_units = a[C_DEAD].v;
	c->reached = a[C_REACHED].v;
	c->cert_alive = a[C_CALIVE].v;
	c->cert_dead = a[C_CDEAD].v;
	/* min_living: null is none (INT32_MAX); a count is at most DR_MAX_POINTS */
	c->min_living = rc == DR_OK ? malloc((size_t)(depth ? depth : 1) * sizeof *c->min_living) : NULL;
	if (rc == DR_OK && !c->min_living)
		rc = cmd_errf(err, errlen, "counters: out of memory");
	for (long long l = 0; rc == DR_OK && l < depth; l++) {
		uint64_t v = a[C_MIN].v[l];
		if (v != UINT64_MAX && v > DR_MAX_POINTS)
			rc = cmd_errf(err, errlen, "counters.min_living[%lld]: %llu is too large (allowed: 0..%d or null)", l,
				      (ull)v, DR_MAX_POINTS);
		c->min_living[l] = v == UINT64_MAX ? INT32_MAX : (int)v;
	}
	free(a[C_MIN].v);
	if (rc == DR_OK && (!c->alive || !c->living || !c->dead_units || !c->reached))
		rc = cmd_errf(err, errlen, "counters: no depths (allowed: depth 1 or more)");
	return rc;
}

enum { S_INDEX, S_OF, S_FIRST, S_COUNT, S_N };
static const char *const slice_names[S_N] = {"index", "of", "first", "count"};

static int read_slice(json_reader *j, shard *sh, char *err, size_t errlen)
{
	members m = {slice_names, S_N, 0, {0}};
	long long v[S_N] = {0};
	char name[64], place[96];
	int i, got;
	if (json_open(j, JSON_OBJECT) < 0)
		return bad(j, "slice", err, errlen);
	while ((got = next_member(j, &m, "slice", name, sizeof name, &i, err, errlen)) > 0) {
		snprintf(place, sizeof place, "slice.%s", name);
		if (read_count(j, place, LLONG_MAX, &v[i], err, errlen) != DR_OK)
			return DR_EINVAL;
	}
	if (got < 0)
		return DR_EINVAL;
	sh->index = v[S_INDEX];
	sh->of = v[S_OF];
	sh->c.first = v[S_FIRST];
	sh->c.count = v[S_COUNT];
	return DR_OK;
}

static int read_params(json_reader *j, shard *sh, char *err, size_t errlen)
{
	int n = dr_param_count(), more;
	char name[64], place[96], *v = malloc(DR_VALUE_MAX);
	sh->value = calloc((size_t)n, sizeof *sh->value);
	if (!v || !sh->value) {
		free(v);
		return cmd_errf(err, errlen, "params: out of memory");
	}
	int rc = DR_OK;
	if (json_open(j, JSON_OBJECT) < 0)
		rc = bad(j, "params", err, errlen);
	while (rc == DR_OK) {
		if (json_next(j, &more) < 0 || (more && json_key(j, name, sizeof name) < 0)) {
			rc = bad(j, "params", err, errlen);
			break;
		}
		if (!more)
			break;
		const dr_param_info *pi = dr_param_find(name);
		int i = 0;
		while (pi && dr_param_at(i) != pi)
			i++;
		snprintf(place, sizeof place, "params.%s", name);
		char b[64];
		if (!pi) {
			json_fail(j, "an unknown parameter \"%s\" (allowed: the parameters of deadrelu %s)",
				  shard_shown(name, b, sizeof b), DR_VERSION);
			rc = bad(j, "params", err, errlen);
		} else if (sh->value[i]) {
			json_fail(j, "\"%s\" given twice", name);
			rc = bad(j, "params", err, errlen);
		} else if (json_string(j, v, DR_VALUE_MAX) < 0) {
			rc = bad(j, place, err, errlen);
		} else if (!(sh->value[i] = strdup(v))) {
			rc = cmd_errf(err, errlen, "params: out of memory");
		}
	}
	for (int i = 0; rc == DR_OK && i < n; i++)
		if (!sh->value[i]) {
			json_fail(j, "no \"%s\"", dr_param_at(i)->name);
			rc = bad(j, "params", err, errlen);
		}
	free(v);
	return rc;
}

enum { T_COMMAND, T_FORMAT, T_VERSION, T_SEED, T_PARAMS, T_SLICE, T_COUNTERS, T_N };
static const char *const top_names[T_N] = {"command", "format", "version", "seed", "params", "slice", "counters"};

/* First pass: the text is JSON, one object, and says it is a shard of
 * this format. */
static int read_kind(json_reader *j, char *err, size_t errlen)
{
	char name[64], kind[64] = "";
	uint64_t format = 0;
	int more, has_command = 0, has_format = 0;
	json_type t = json_peek(j);
	if (t != JSON_OBJECT && (json_skip(j) < 0 || json_end(j) < 0)) {
		char where[64];
		json_where(j, where, sizeof where);
		return cmd_errf(err, errlen, "not JSON (%s: %s)", where, j->err);
	}
	if (t != JSON_OBJECT)
		return cmd_errf(err, errlen, "not a shard file (JSON %s, not an object)", json_type_name(t));
	json_open(j, JSON_OBJECT);
	for (;;) {
		if (json_next(j, &more) < 0 || (more && json_key(j, name, sizeof name) < 0))
			break;
		if (!more) {
			json_end(j);
			break;
		}
		if (!strcmp(name, "command") && json_peek(j) == JSON_STRING && !has_command) {
			has_command = 1;
			if (json_string(j, kind, sizeof kind) < 0)
				break;
		} else if (!strcmp(name, "format") && json_peek(j) == JSON_NUMBER && !has_format) {
			has_format = 1;
			if (json_u64(j, &format) < 0)
				break;
		} else if (json_skip(j) < 0) {
			break;
		}
	}
	if (j->err[0]) {
		char where[64];
		json_where(j, where, sizeof where);
		return cmd_errf(err, errlen, "not JSON (%s: %s)", where, j->err);
	}
	if (!has_command)
		return cmd_errf(err, errlen, "not a shard file (no \"command\":\"shard\" member)");
	if (strcmp(kind, "shard"))
		return cmd_errf(err, errlen,
				"a '%s' result, not a shard (shards come from deadrelu --shard I/N --json -c '...; simulate')",
				shard_shown(kind, name, sizeof name));
	if (!has_format)
		return cmd_errf(err, errlen, "not a shard file (no \"format\" member)");
	if (format != SHARD_FORMAT)
		return cmd_errf(err, errlen, "shard format %llu (allowed: format %d, what deadrelu %s reads)", (ull)format,
				SHARD_FORMAT, DR_VERSION);
	return DR_OK;
}

/* Second pass: every member, typed. */
static int read_shard(json_reader *j, shard *sh, char *err, size_t errlen)
{
	members m = {top_names, T_N, 0, {0}};
	char name[64], text[64];
	uint64_t x;
	int i, got, rc = DR_OK;
	json_open(j, JSON_OBJECT);
	while (rc == DR_OK && (got = next_member(j, &m, NULL, name, sizeof name, &i, err, errlen)) > 0) {
		switch (i) {
		case T_COMMAND:
		case T_FORMAT:
			if (json_skip(j) < 0) /* (read_kind read them) */
				rc = bad(j, name, err, errlen);
			break;
		case T_VERSION:
			if (json_string(j, text, sizeof text) < 0)
				rc = bad(j, name, err, errlen);
			else if (strcmp(text, DR_VERSION))
				rc = cmd_errf(err, errlen, "written by deadrelu %s (allowed: shards of this deadrelu, %s)",
					      shard_shown(text, name, sizeof name), DR_VERSION);
			else
				snprintf(sh->version, sizeof sh->version, "%s", text);
			break;
		case T_SEED:
			if (json_u64(j, &x) < 0)
				rc = bad(j, name, err, errlen);
			sh->seed = x;
			break;
		case T_PARAMS:
			rc = read_params(j, sh, err, errlen);
			break;
		case T_SLICE:
			rc = read_slice(j, sh, err, errlen);
			break;
		case T_COUNTERS:
			rc = read_counters(j, sh, err, errlen);
			break;
		}
	}
	if (rc == DR_OK && got < 0)
		rc = DR_EINVAL;
	if (rc == DR_OK && json_end(j) < 0)
		rc = bad(j, NULL, err, errlen);
	return rc;
}

void shard_free(shard *sh)
{
	for (int i = 0; sh->value && i < dr_param_count(); i++)
		free(sh->value[i]);
	free(sh->value);
	dr_counters_free(&sh->c);
	memset(sh, 0, sizeof *sh);
}

int shard_read(const char *path, shard *sh, char *err, size_t errlen)
{
	memset(sh, 0, sizeof *sh);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > SHARD_MAX_BYTES)
		return cmd_errf(err, errlen, "%lld bytes (allowed: a shard file of at most %zu MiB)",
				(long long)st.st_size, SHARD_MAX_BYTES >> 20);
	char *data, why[512];
	size_t len;
	if (fileio_read_regular(path, 0, SHARD_MAX_BYTES, &data, &len, why, sizeof why) != 0)
		return cmd_errf(err, errlen, "%s", errno == EFBIG ? "larger than a shard file can be" : why);
	if (len == 0) {
		free(data);
		return cmd_errf(err, errlen, "empty (not a shard file)");
	}
	json_reader j;
	json_init(&j, data, len);
	int rc = read_kind(&j, err, errlen);
	if (rc == DR_OK) {
		json_init(&j, data, len);
		rc = read_shard(&j, sh, err, errlen);
	}
	free(data);
	if (rc != DR_OK)
		shard_free(sh);
	return rc;
}

int shard_params(const shard *sh, dr_params *p, char *err, size_t errlen)
{
	dr_params_default(p);
	for (int i = 0; i < dr_param_count(); i++) {
		const char *name = dr_param_at(i)->name;
		if (dr_param_parse(p, name, sh->value[i], err, errlen) != DR_OK) {
			char why[DR_ERRLEN];
			snprintf(why, sizeof why, "%s", err);
			return cmd_errf(err, errlen, "params: %s", why);
		}
	}
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK) {
		char why[DR_ERRLEN];
		snprintf(why, sizeof why, "%s", err);
		return cmd_errf(err, errlen, "params: %s", why);
	}
	return DR_OK;
}

int shard_check(shard *sh, const dr_params *p, char *err, size_t errlen)
{
	if (sh->seed != p->seed)
		return cmd_errf(err, errlen, "seed: %llu, but params.seed is %llu (allowed: the same)", (ull)sh->seed,
				(ull)p->seed);
	long long first, count;
	char why[DR_ERRLEN];
	if (dr_slice(p->trials, sh->index, sh->of, &first, &count, why, sizeof why) != DR_OK)
		return cmd_errf(err, errlen, "%s", why);
	if (sh->c.first != first || sh->c.count != count)
		return cmd_errf(err, errlen, "slice: %lld/%lld of %lld trials is trials %lld..%lld, not %lld..%lld", sh->index,
				sh->of, p->trials, first, first + count - 1, sh->c.first, sh->c.first + sh->c.count - 1);
	if (sh->c.n != count)
		return cmd_errf(err, errlen, "counters.counted: %lld (allowed: %lld, the trials of slice %lld/%lld)", sh->c.n,
				count, sh->index, sh->of);
	sh->c.trials = p->trials;
	return dr_counters_check(p, &sh->c, err, errlen);
}

/* ---- the option and simulate under it ---- */

/* A whole number 1..max from s up to the byte stop (digits only). */
static int option_number(const char *s, const char *stop, long long max, long long *v)
{
	*v = 0;
	if (s == stop || stop - s > 10)
		return -1;
	for (; s < stop; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		*v = *v * 10 + (*s - '0');
	}
	return *v >= 1 && *v <= max ? 0 : -1;
}

int session_shard_option(const char *v, long long *index, long long *of, char *err, size_t errlen)
{
	const char *slash = strchr(v, '/');
	long long max = 1000000000LL;
	if (!slash || option_number(v, slash, max, index) < 0 || option_number(slash + 1, slash + strlen(slash), max, of) < 0 ||
	    *index > *of)
		return cmd_errf(err, errlen,
				"--shard: bad value '%s' (allowed: I/N, whole numbers with 1 <= I <= N <= 1000000000: slice I of N of the trials)",
				v);
	return DR_OK;
}

int shard_simulate(session *s, const dr_params *q, sbuf *out, char *err, size_t errlen)
{
	long long first, count;
	char why[DR_ERRLEN];
	if (s->shard_of > q->trials)
		return cmd_errf(err, errlen,
				"simulate: --shard %lld/%lld: %lld slices of %lld trials (allowed: N up to the trials, %lld)",
				s->shard_index, s->shard_of, s->shard_of, q->trials, q->trials);
	if (dr_slice(q->trials, s->shard_index, s->shard_of, &first, &count, why, sizeof why) != DR_OK)
		return cmd_errf(err, errlen, "simulate: --shard %lld/%lld: %s", s->shard_index, s->shard_of, why);
	dr_sim *sim;
	int rc = session_run_slice(s, q, first, count, &sim, err, errlen);
	if (rc != DR_OK)
		return rc;
	dr_counters c;
	rc = dr_sim_counters(sim, &c, err, errlen);
	dr_sim_free(sim);
	if (rc != DR_OK)
		return rc;
	sbuf text = {0};
	shard_json(&text, q, s->shard_index, s->shard_of, &c);
	if (s->json)
		sb_puts(out, sb_str(&text));
	else
		sb_printf(out, "shard %lld/%lld: trials %lld..%lld of %lld done (%lld trials, %.2f s); export FILE.json writes it for merge\n",
			  s->shard_index, s->shard_of, first, first + count - 1, q->trials, count, c.seconds);
	dr_counters_free(&c);
	free(s->shard_text);
	s->shard_text = text.s;
	return DR_OK;
}
