/* access.c - for bindings that cannot lay out the structs of deadrelu.h
 * (Python's ctypes, other FFIs): the version, the structs on the heap, and
 * the fields of bounds and results read by name, the names being the Lua
 * API's (deadrelu-lua(7)). A C program uses the structs directly. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

const char *dr_version(void)
{
	return DR_VERSION;
}

dr_params *dr_params_new(void)
{
	dr_params *p = malloc(sizeof *p);
	if (p)
		dr_params_default(p);
	return p;
}

dr_bounds *dr_bounds_new(void)
{
	return calloc(1, sizeof(dr_bounds));
}

dr_result *dr_result_new(void)
{
	return calloc(1, sizeof(dr_result));
}

void dr_free(void *obj)
{
	free(obj);
}

/* A field: its name, where it is, and its C type ('d' double, 'l' long
 * long, 'i' int). */
typedef struct {
	const char *name;
	size_t offset;
	char type;
} field;

#define F_(s, f, t) {#f, offsetof(s, f), t}
#define BD(f) F_(dr_bounds, f, 'd')
#define BI(f) F_(dr_bounds, f, 'i')
#define RD(f) F_(dr_result, f, 'd')
#define RL(f) F_(dr_result, f, 'l')
#define RI(f) F_(dr_result, f, 'i')
#define SD(f) F_(dr_depth_stats, f, 'd')

static const field bounds_fields[] = {
	BD(lower), BD(upper), BD(log_lower), BD(log_upper), BD(log_dead_lower), BD(log_dead_upper),
	BD(first_factor), BI(applies), BI(nnotes),
};
static const field result_fields[] = {
	RL(depth), RL(rows), RL(trials), RL(target), RI(points), RD(alive), RD(alive_lo), RD(alive_hi),
	RD(living_ratio), RD(living_ratio_lo), RD(living_ratio_hi), RD(min_living_ratio), RD(certified_alive),
	RD(certified_dead), RD(region_lo), RD(region_hi), RD(seconds), RI(finished), RI(cancelled),
};
static const field depth_fields[] = {
	SD(alive), SD(alive_lo), SD(alive_hi), SD(living_ratio), SD(min_living_ratio), SD(dead_units),
	SD(certified_alive), SD(certified_dead), SD(region_lo), SD(region_hi),
};
#define NFIELDS(t) (sizeof t / sizeof t[0])

static const field *find_field(const field *t, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

static double field_value(const field *f, const void *obj)
{
	const char *at = (const char *)obj + f->offset;
	switch (f->type) {
	case 'l': return (double)*(const long long *)at;
	case 'i': return *(const int *)at;
	default: return *(const double *)at;
	}
}

int dr_bounds_number(const dr_bounds *b, const char *name, double *out)
{
	const field *f = find_field(bounds_fields, NFIELDS(bounds_fields), name);
	if (!f)
		return DR_EINVAL;
	*out = field_value(f, b);
	return DR_OK;
}

const char *dr_bounds_text(const dr_bounds *b, const char *name, int i)
{
	if (name && !strcmp(name, "first_factor_kind"))
		return b->first_factor_kind;
	if (name && !strcmp(name, "notes"))
		return i >= 0 && i < b->nnotes && i < DR_MAX_NOTES ? b->notes[i] : NULL;
	return NULL;
}

int dr_result_number(const dr_result *r, const char *name, double *out)
{
	const field *f = find_field(result_fields, NFIELDS(result_fields), name);
	if (!f)
		return DR_EINVAL;
	*out = field_value(f, r);
	return DR_OK;
}

#define CERT_NAME_(id, name, help) name,
static const char *const certify_names[] = {DR_CERTIFY_LIST(CERT_NAME_)};

const char *dr_result_text(const dr_result *r, const char *name)
{
	if (name && !strcmp(name, "certify"))
		return r->certify >= 0 && r->certify < DR_CERT_COUNT ? certify_names[r->certify] : NULL;
	if (name && !strcmp(name, "certify_note"))
		return r->certify_note;
	return NULL;
}

int dr_result_column(const dr_result *r, const char *name, double *out, long long n)
{
	long long rows = r->rows < n ? r->rows : n;
	if (name && !strcmp(name, "depth")) {
		for (long long i = 0; i < rows; i++)
			out[i] = (double)(r->row_depth ? r->row_depth[i] : i + 1);
		return DR_OK;
	}
	const field *f = find_field(depth_fields, NFIELDS(depth_fields), name);
	if (!f)
		return DR_EINVAL;
	for (long long i = 0; i < rows; i++)
		out[i] = field_value(f, &r->by_depth[i]);
	return DR_OK;
}
