/* sample.c - one sampled network with per-unit activity, for pictures. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void dr_sample_free(dr_sample *s)
{
	if (!s)
		return;
	for (int l = 0; l < s->nlayers && s->active; l++)
		free(s->active[l]);
	free(s->active);
	free(s->widths);
	free(s->living);
	memset(s, 0, sizeof *s);
}

int dr_sample_network(const dr_params *p, uint64_t seed, int max_layers, const atomic_int *cancel,
		      dr_sample *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	int rc = dr_params_check(p, err, errlen);
	if (rc != DR_OK)
		return rc;
	if (max_layers < 1)
		return dr_errf(err, errlen, DR_EINVAL, "max_layers: bad value '%d' (allowed: >= 1)", max_layers);
	dr_params q = *p;
	q.seed = seed;
	if (q.depth > max_layers)
		q.depth = max_layers;
	if (dr_sim_memory(&q) > (size_t)q.max_memory_mib << 20)
		return dr_errf(err, errlen, DR_ELIMIT, "sample: the network exceeds max_memory %lld MiB",
			       q.max_memory_mib);
	int n = (int)q.depth;
	dr_data data = {0};
	if (input_of(&q)->data &&
	    (rc = data_load_max(q.data_file, (size_t)q.max_memory_mib << 20, &data, err, errlen)) != DR_OK)
		return rc;
	dr_trial *t = trial_new(&q, &data, err, errlen);
	dr_outcome o = {0};
	out->nlayers = n;
	out->widths = calloc((size_t)n, sizeof *out->widths);
	out->active = calloc((size_t)n, sizeof *out->active);
	out->living = calloc((size_t)n, sizeof *out->living);
	o.alive = malloc((size_t)n);
	o.living = malloc((size_t)n * sizeof(int));
	o.dead_units = malloc((size_t)n * sizeof(int));
	rc = t && out->widths && out->active && out->living && o.alive && o.living && o.dead_units
		     ? DR_OK : DR_ENOMEM;
	for (int l = 0; rc == DR_OK && l < n; l++) {
		out->widths[l] = dr_params_layer_width(&q, l + 1);
		out->active[l] = calloc((size_t)out->widths[l], sizeof(float));
		if (!out->active[l])
			rc = DR_ENOMEM;
	}
	if (rc == DR_OK) {
		rc = trial_set_activity(t, out->active, n);
		if (rc == DR_OK)
			rc = trial_run(t, 0, cancel, &o);
		int points = trial_points(t);
		for (long long l = 0; rc == DR_OK && l < n; l++)
			out->living[l] = l < o.reached ? (double)o.living[l] / points : 0.0;
		if (rc != DR_OK) {
			dr_sample_free(out);
			dr_errf(err, errlen, rc, rc == DR_ECANCELED ? "sample: cancelled" : "sample: out of memory");
		}
	} else {
		dr_sample_free(out);
		dr_errf(err, errlen, DR_ENOMEM, "out of memory");
	}
	trial_free(t);
	data_free(&data);
	free(o.alive);
	free(o.living);
	free(o.dead_units);
	return rc;
}
