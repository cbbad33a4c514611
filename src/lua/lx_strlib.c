/* lx_strlib.c - string.find, match, gmatch and gsub with Lua 5.4.4's
 * semantics (reference manual 6.4.1), written anew so that the matcher
 * counts its steps and pays them to a charge function: stock Lua matches
 * in C, where the count hook never fires, so a backtracking pattern could
 * run for minutes past Ctrl-C and the instruction budget.
 *
 * The charge function may longjmp at any step, so nothing here owns
 * malloc'd memory: match state lives on the C stack (or in a gmatch
 * userdata), results grow in a luaL_Buffer.
 *
 * One file over 400 lines on purpose: it is one concern, the matcher and
 * the four functions that drive it share its state and its step accounting,
 * and it reads best next to Lua's own lstrlib.c, which it follows. */
#define _GNU_SOURCE /* memmem */
#include <lauxlib.h>
#include <ctype.h>
#include <string.h>
#include "lua/lx_strlib.h"

#ifndef LUA_MAXCAPTURES
#define LUA_MAXCAPTURES 32
#endif
#define MAX_DEPTH 200   /* nested matches before "pattern too complex" */
#define CAP_OPEN (-1)   /* length of a capture not yet closed */
#define CAP_POS (-2)    /* length of a position capture "()" */
#define BULK 16         /* bytes compared, searched or copied per step */
#define SCAN_CHUNK ((size_t)BULK * LX_PATTERN_STEPS)
#define ESC '%'

#define uchar(c) ((unsigned char)(c))

/* Shared by the four functions (an upvalue); steps carry over between
 * calls, so many small matches add up to charges too. */
typedef struct {
	lx_charge_fn charge;
	long left;      /* steps before the next charge */
} meter;

typedef struct {
	const char *init;
	ptrdiff_t len;  /* or CAP_OPEN, CAP_POS */
} capture;

typedef struct {
	lua_State *L;
	meter *m;
	long left;      /* working copy of m->left */
	const char *src, *src_end;
	const char *pat_end;
	int depth;      /* nested matches still allowed */
	int level;      /* captures in use */
	capture cap[LUA_MAXCAPTURES];
} mstate;

typedef struct {
	mstate ms;
	const char *next;   /* where the next search starts; NULL: none */
	const char *pat;
	const char *last;   /* end of the previous match */
} gmatch_state;

static const char *match(mstate *ms, const char *s, const char *p);

/* ---- charging ---- */

static void pay(mstate *ms)
{
	long steps = LX_PATTERN_STEPS - ms->left;
	ms->left = ms->m->left = LX_PATTERN_STEPS;
	if (ms->m->charge)
		ms->m->charge(ms->L, steps);
}

static inline void spend(mstate *ms, long steps)
{
	ms->left -= steps;
	if (ms->left <= 0)
		pay(ms);
}

static void meter_open(mstate *ms, lua_State *L, meter *m)
{
	ms->L = L;
	ms->m = m;
	ms->left = m->left;
}

/* Before returning, and before calling Lua (which may match too). */
static void meter_close(mstate *ms)
{
	ms->m->left = ms->left;
}

static void prepare(mstate *ms, const char *s, size_t ls, const char *p, size_t lp)
{
	ms->src = s;
	ms->src_end = s + ls;
	ms->pat_end = p + lp;
}

static void restart(mstate *ms)
{
	ms->level = 0;
	ms->depth = MAX_DEPTH;
}

/* ---- single characters ---- */

/* %a, %d, ... and their complements %A, %D, ...; any other char stands
 * for itself. 5.4 still keeps the deprecated %z (the NUL byte). */
static int class_has(int c, int cl)
{
	int in;
	switch (tolower(cl)) {
	case 'a': in = isalpha(c); break;
	case 'c': in = iscntrl(c); break;
	case 'd': in = isdigit(c); break;
	case 'g': in = isgraph(c); break;
	case 'l': in = islower(c); break;
	case 'p': in = ispunct(c); break;
	case 's': in = isspace(c); break;
	case 'u': in = isupper(c); break;
	case 'w': in = isalnum(c); break;
	case 'x': in = isxdigit(c); break;
	case 'z': in = c == 0; break;
	default: return cl == c;
	}
	return isupper(cl) ? !in : in != 0;
}

/* p is the '[' of a set, close its ']'. */
static int set_has(int c, const char *p, const char *close)
{
	int want = 1;
	if (*++p == '^') {
		want = 0;
		p++;
	}
	for (; p < close; p++) {
		if (*p == ESC) {
			if (class_has(c, uchar(*++p)))
				return want;
		} else if (p[1] == '-' && p + 2 < close) {
			if (uchar(p[0]) <= c && c <= uchar(p[2]))
				return want;
			p += 2;
		} else if (uchar(*p) == c) {
			return want;
		}
	}
	return !want;
}

/* Just past the single-char item at p: "%x", "[set]" or one char. */
static const char *item_end(mstate *ms, const char *p)
{
	const char *q = p + 1;
	if (*p == ESC) {
		if (q == ms->pat_end)
			luaL_error(ms->L, "malformed pattern (ends with '%%')");
		return q + 1;
	}
	if (*p != '[')
		return q;
	if (*q == '^')
		q++;
	/* the first member is taken as is, so "[]]" is the set of ']' */
	do {
		if (q == ms->pat_end)
			luaL_error(ms->L, "malformed pattern (missing ']')");
		if (*q++ == ESC && q < ms->pat_end)
			q++;
	} while (*q != ']');
	return q + 1;
}

static inline int item_has(int c, const char *p, const char *ep)
{
	switch (*p) {
	case '.': return 1;
	case ESC: return class_has(c, uchar(p[1]));
	case '[': return set_has(c, p, ep - 1);
	default: return uchar(*p) == c;
	}
}

/* A step for an item; a long set costs more to test. */
static inline long item_cost(const char *p, const char *ep)
{
	return *p == '[' ? 1 + (ep - p) / BULK : 1;
}

/* ---- the matcher: backtracking like Lua's, recursion points included,
 * so "pattern too complex" comes at the same depth ---- */

static const char *leave(mstate *ms, const char *s)
{
	ms->depth++;
	return s;
}

/* How many chars from s the item matches, charged as it goes. */
static ptrdiff_t run(mstate *ms, const char *s, const char *p, const char *ep, long cost)
{
	ptrdiff_t n = 0, avail = ms->src_end - s;
	if (*p == '.')
		return avail; /* no work to charge: the callers pay per retry */
	while (n < avail && item_has(uchar(s[n]), p, ep)) {
		n++;
		spend(ms, cost);
	}
	return n;
}

static const char *expand_max(mstate *ms, const char *s, const char *p, const char *ep, long cost)
{
	ptrdiff_t n = run(ms, s, p, ep, cost);
	for (;;) {
		const char *r = match(ms, s + n, ep + 1);
		if (r || n == 0)
			return r;
		n--;
	}
}

static const char *expand_min(mstate *ms, const char *s, const char *p, const char *ep, long cost)
{
	for (;;) {
		const char *r = match(ms, s, ep + 1);
		if (r)
			return r;
		spend(ms, cost);
		if (s >= ms->src_end || !item_has(uchar(*s), p, ep))
			return NULL;
		s++;
	}
}

static const char *open_capture(mstate *ms, const char *s, const char *p, ptrdiff_t what)
{
	int l = ms->level;
	const char *r;
	if (l >= LUA_MAXCAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->cap[l].init = s;
	ms->cap[l].len = what;
	ms->level = l + 1;
	r = match(ms, s, p);
	if (!r)
		ms->level--;
	return r;
}

static const char *close_capture(mstate *ms, const char *s, const char *p)
{
	int l = ms->level;
	const char *r;
	while (--l >= 0 && ms->cap[l].len != CAP_OPEN)
		;
	if (l < 0)
		luaL_error(ms->L, "invalid pattern capture");
	ms->cap[l].len = s - ms->cap[l].init;
	r = match(ms, s, p);
	if (!r)
		ms->cap[l].len = CAP_OPEN;
	return r;
}

/* %bxy at s: just past a balanced x...y, or NULL. p points at x. */
static const char *balance(mstate *ms, const char *s, const char *p)
{
	const char *q, *from;
	int depth = 1;
	if (p >= ms->pat_end - 1)
		luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= ms->src_end || *s != p[0])
		return NULL;
	for (q = from = s + 1; q < ms->src_end; q++) {
		if (q - from == LX_PATTERN_STEPS) {
			spend(ms, LX_PATTERN_STEPS);
			from = q;
		}
		if (*q == p[1]) {
			if (--depth == 0) {
				spend(ms, q - from);
				return q + 1;
			}
		} else if (*q == p[0]) {
			depth++;
		}
	}
	spend(ms, q - from);
	return NULL;
}

/* %f[set] at s: the previous char (NUL at the start) is not in the set,
 * the current one (NUL at the end) is. */
static int frontier(mstate *ms, const char *s, const char *p, const char *ep)
{
	int prev = s == ms->src ? 0 : uchar(s[-1]);
	int cur = s < ms->src_end ? uchar(*s) : 0;
	return !set_has(prev, p, ep - 1) && set_has(cur, p, ep - 1);
}

/* %1..%9 at s: the text of that capture again. */
static const char *backref(mstate *ms, const char *s, int digit)
{
	int l = digit - '1';
	size_t len;
	if (l < 0 || l >= ms->level || ms->cap[l].len == CAP_OPEN)
		luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	len = (size_t)ms->cap[l].len; /* huge for a position capture: no match */
	if ((size_t)(ms->src_end - s) < len)
		return NULL;
	spend(ms, 1 + (long)(len / BULK));
	return memcmp(ms->cap[l].init, s, len) ? NULL : s + len;
}

/* The end of a match of [p, pat_end) at s, or NULL. Every call costs a
 * step (so does every retry of a repetition), and so does every item. */
static const char *match(mstate *ms, const char *s, const char *p)
{
	if (ms->depth-- == 0)
		luaL_error(ms->L, "pattern too complex");
	spend(ms, 1);
	while (p != ms->pat_end) {
		const char *ep;
		long cost;
		switch (*p) {
		case '(':
			if (p[1] == ')')
				return leave(ms, open_capture(ms, s, p + 2, CAP_POS));
			return leave(ms, open_capture(ms, s, p + 1, CAP_OPEN));
		case ')':
			return leave(ms, close_capture(ms, s, p + 1));
		case '$':
			if (p + 1 == ms->pat_end)
				return leave(ms, s == ms->src_end ? s : NULL);
			break; /* a '$' elsewhere is a plain char */
		case ESC:
			if (p[1] == 'b') {
				if (!(s = balance(ms, s, p + 2)))
					return leave(ms, NULL);
				p += 4;
				continue;
			}
			if (p[1] == 'f') {
				p += 2;
				if (*p != '[')
					luaL_error(ms->L, "missing '[' after '%%f' in pattern");
				ep = item_end(ms, p);
				spend(ms, item_cost(p, ep));
				if (!frontier(ms, s, p, ep))
					return leave(ms, NULL);
				p = ep;
				continue;
			}
			if (p[1] >= '0' && p[1] <= '9') {
				if (!(s = backref(ms, s, uchar(p[1]))))
					return leave(ms, NULL);
				p += 2;
				continue;
			}
			break;
		}
		/* a single-char item, maybe followed by '*', '+', '-' or '?' */
		ep = item_end(ms, p);
		cost = item_cost(p, ep);
		spend(ms, cost);
		if (s >= ms->src_end || !item_has(uchar(*s), p, ep)) {
			if (*ep != '*' && *ep != '?' && *ep != '-')
				return leave(ms, NULL);
			p = ep + 1; /* zero repetitions will do */
			continue;
		}
		switch (*ep) {
		case '?': {
			const char *r = match(ms, s + 1, ep + 1);
			if (r)
				return leave(ms, r);
			p = ep + 1;
			continue;
		}
		case '+':
			return leave(ms, expand_max(ms, s + 1, p, ep, cost));
		case '*':
			return leave(ms, expand_max(ms, s, p, ep, cost));
		case '-':
			return leave(ms, expand_min(ms, s, p, ep, cost));
		default:
			s++;
			p = ep;
		}
	}
	return leave(ms, s);
}

/* ---- results ---- */

/* Capture i (the whole match s..e if there are no captures) as text; a
 * position capture is pushed as an integer instead and gives NULL. */
static const char *capture_text(mstate *ms, int i, const char *s, const char *e, size_t *len)
{
	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		*len = (size_t)(e - s);
		return s;
	}
	if (ms->cap[i].len == CAP_OPEN)
		luaL_error(ms->L, "unfinished capture");
	if (ms->cap[i].len == CAP_POS) {
		lua_pushinteger(ms->L, ms->cap[i].init - ms->src + 1);
		return NULL;
	}
	*len = (size_t)ms->cap[i].len;
	return ms->cap[i].init;
}

static void push_capture(mstate *ms, int i, const char *s, const char *e)
{
	size_t len;
	const char *t = capture_text(ms, i, s, e, &len);
	if (t) {
		spend(ms, (long)(len / BULK));
		lua_pushlstring(ms->L, t, len);
	}
}

/* All captures, or the whole match if there are none and s is not NULL. */
static int push_captures(mstate *ms, const char *s, const char *e)
{
	int i, n = ms->level == 0 && s ? 1 : ms->level;
	luaL_checkstack(ms->L, n, "too many captures");
	for (i = 0; i < n; i++)
		push_capture(ms, i, s, e);
	return n;
}

/* ---- find and match ---- */

/* An initial position: negative counts from the end, and 0 or anything
 * before the start means 1. */
static size_t start_pos(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static int has_specials(mstate *ms, const char *p, size_t lp)
{
	spend(ms, (long)(lp / BULK));
	for (; lp > 0; p++, lp--) {
		switch (*p) {
		case '^': case '$': case '*': case '+': case '?':
		case '.': case '(': case '[': case '%': case '-':
			return 1;
		}
	}
	return 0;
}

/* memmem in windows, so the charge comes between them. */
static const char *find_plain(mstate *ms, const char *s, size_t ls, const char *p, size_t lp)
{
	size_t chunk = lp > SCAN_CHUNK ? lp : SCAN_CHUNK;
	if (lp == 0)
		return s;
	while (ls >= lp) {
		size_t hay = ls < chunk + lp - 1 ? ls : chunk + lp - 1;
		const char *r;
		spend(ms, 1 + (long)(hay / BULK));
		if ((r = memmem(s, hay, p, lp)))
			return r;
		if (hay == ls)
			break;
		s += chunk;
		ls -= chunk;
	}
	return NULL;
}

static int find_aux(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_pos(luaL_optinteger(L, 3, 1), ls) - 1;
	const char *s1;
	int anchor;
	mstate ms;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	s1 = s + init;
	meter_open(&ms, L, lua_touserdata(L, lua_upvalueindex(1)));
	if (find && (lua_toboolean(L, 4) || !has_specials(&ms, p, lp))) {
		const char *r = find_plain(&ms, s1, ls - init, p, lp);
		meter_close(&ms);
		if (!r) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, r - s + 1);
		lua_pushinteger(L, (lua_Integer)(r - s + lp));
		return 2;
	}
	anchor = *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	prepare(&ms, s, ls, p, lp);
	for (;;) {
		const char *e;
		restart(&ms);
		if ((e = match(&ms, s1, p))) {
			int n;
			if (find) {
				lua_pushinteger(L, s1 - s + 1);
				lua_pushinteger(L, e - s);
				n = 2 + push_captures(&ms, NULL, NULL);
			} else {
				n = push_captures(&ms, s1, e);
			}
			meter_close(&ms);
			return n;
		}
		if (anchor || s1 >= ms.src_end)
			break;
		s1++;
	}
	meter_close(&ms);
	luaL_pushfail(L);
	return 1;
}

static int str_find(lua_State *L)
{
	return find_aux(L, 1);
}

static int str_match(lua_State *L)
{
	return find_aux(L, 0);
}

/* ---- gmatch ---- */

/* Upvalues: subject, pattern (kept alive), the gmatch_state, the meter.
 * 5.4 rule: no empty match right where the previous match ended. */
static int gmatch_next(lua_State *L)
{
	gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
	mstate *ms = &g->ms;
	const char *s;
	if (!g->next)
		return 0;
	meter_open(ms, L, lua_touserdata(L, lua_upvalueindex(4)));
	for (s = g->next; s <= ms->src_end; s++) {
		const char *e;
		restart(ms);
		if ((e = match(ms, s, g->pat)) && e != g->last) {
			int n;
			g->next = g->last = e;
			n = push_captures(ms, s, e);
			meter_close(ms);
			return n;
		}
	}
	meter_close(ms);
	return 0;
}

/* A leading '^' is no anchor here: it would stop the iteration. */
static int str_gmatch(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_pos(luaL_optinteger(L, 3, 1), ls) - 1;
	gmatch_state *g;
	lua_settop(L, 2);
	g = lua_newuserdatauv(L, sizeof *g, 0);
	prepare(&g->ms, s, ls, p, lp);
	g->next = init > ls ? NULL : s + init;
	g->pat = p;
	g->last = NULL;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushcclosure(L, gmatch_next, 4);
	return 1;
}

/* ---- gsub ---- */

static void add_bytes(mstate *ms, luaL_Buffer *b, const char *s, size_t len)
{
	spend(ms, (long)(len / BULK));
	luaL_addlstring(b, s, len);
}

/* A replacement string: %0 the match, %1..%9 captures, %% a '%'. */
static void add_string(mstate *ms, luaL_Buffer *b, const char *s, const char *e)
{
	size_t l;
	const char *r = lua_tolstring(ms->L, 3, &l), *end = r + l, *q;
	spend(ms, 1 + (long)(l / BULK));
	while ((q = memchr(r, ESC, (size_t)(end - r)))) {
		luaL_addlstring(b, r, (size_t)(q - r));
		q++; /* the char after '%' (the terminating NUL at the end) */
		if (*q == ESC) {
			luaL_addchar(b, ESC);
		} else if (*q == '0') {
			add_bytes(ms, b, s, (size_t)(e - s));
		} else if (isdigit(uchar(*q))) {
			size_t len;
			const char *t = capture_text(ms, *q - '1', s, e, &len);
			if (t)
				add_bytes(ms, b, t, len);
			else
				luaL_addvalue(b); /* a position */
		} else {
			luaL_error(ms->L, "invalid use of '%c' in replacement string", ESC);
		}
		r = q + 1;
	}
	luaL_addlstring(b, r, (size_t)(end - r));
}

/* Adds the replacement of s..e; returns whether it differs from the
 * match (false or nil from a table or function keeps the match). */
static int add_value(mstate *ms, luaL_Buffer *b, const char *s, const char *e, int tr)
{
	lua_State *L = ms->L;
	if (tr == LUA_TFUNCTION) {
		int n;
		lua_pushvalue(L, 3);
		n = push_captures(ms, s, e);
		meter_close(ms);
		lua_call(L, n, 1);
		ms->left = ms->m->left;
	} else if (tr == LUA_TTABLE) {
		push_capture(ms, 0, s, e);
		meter_close(ms);
		lua_gettable(L, 3);
		ms->left = ms->m->left;
	} else {
		add_string(ms, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		add_bytes(ms, b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	spend(ms, (long)(lua_rawlen(L, -1) / BULK));
	luaL_addvalue(b);
	return 1;
}

static int str_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *src = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	int tr = lua_type(L, 3);
	lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
	const char *last = NULL;
	lua_Integer n = 0;
	int changed = 0, anchor;
	mstate ms;
	luaL_Buffer b;
	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
			 tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3, "string/function/table");
	meter_open(&ms, L, lua_touserdata(L, lua_upvalueindex(1)));
	luaL_buffinit(L, &b);
	anchor = *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	prepare(&ms, src, ls, p, lp);
	while (n < max_n) {
		const char *e;
		restart(&ms);
		if ((e = match(&ms, src, p)) && e != last) {
			n++;
			changed |= add_value(&ms, &b, src, e, tr);
			src = last = e;
		} else if (src < ms.src_end) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	if (changed) {
		add_bytes(&ms, &b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	} else {
		lua_pushvalue(L, 1); /* nothing replaced: the subject itself */
	}
	meter_close(&ms);
	lua_pushinteger(L, n);
	return 2;
}

void lx_strlib_install(lua_State *L, lx_charge_fn charge)
{
	static const luaL_Reg fns[] = {
		{"find", str_find},
		{"match", str_match},
		{"gmatch", str_gmatch},
		{"gsub", str_gsub},
		{NULL, NULL}
	};
	meter *m = lua_newuserdatauv(L, sizeof *m, 0);
	m->charge = charge;
	m->left = LX_PATTERN_STEPS;
	luaL_setfuncs(L, fns, 1);
}
