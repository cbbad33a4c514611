/* tasks.h - work kept off the screen's thread, where it could block keys for
 * seconds: the sampled network of the layers view (a width-4096 network is
 * billions of operations) and the bounds at a sweep's points (a ball off
 * the origin costs milliseconds per point, a sweep has up to 1000).
 *
 * One worker thread. A new request of a kind replaces the pending one and
 * cancels the one running; a result comes back through notify, called from
 * the worker (it should only wake the screen), and is taken on the screen's
 * thread. */
#ifndef TASKS_H
#define TASKS_H

#include "cmd/sweep.h"

typedef struct tasks tasks;

tasks *tasks_new(void (*notify)(void *), void *ud);
/* Cancels what runs, stops the worker and frees everything. NULL is fine. */
void tasks_free(tasks *t);

/* A sampled network for p (points capped by the caller) with this seed. */
void tasks_want_sample(tasks *t, const dr_params *p, uint64_t seed, int max_layers);
/* The sample of the latest request, once it is done: 1 and *out (owned by
 * the caller; zeroed with err set if it failed), else 0. */
int tasks_take_sample(tasks *t, dr_sample *out, char *err, size_t errlen);

/* The bounds of w's points for p (sweep_bounds on a copy); id names the
 * request. -1 when it cannot be asked (out of memory). */
int tasks_want_bounds(tasks *t, unsigned id, const dr_params *p, const sweep *w);
/* The bounds of request `want`, once done, into w (the same points): 1, else
 * 0 (also when a later request replaced it). */
int tasks_take_bounds(tasks *t, unsigned want, sweep *w);

#endif
