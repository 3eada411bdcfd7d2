#include "params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/units.h"

#include "lib/banned.h"

extern const char gw_params_conf[];

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static struct param *find(struct params *ps, const char *name, size_t n)
{
	int i;

	for (i = 0; i < ps->n; i++)
		if (strlen(ps->p[i].name) == n && !memcmp(ps->p[i].name, name, n))
			return &ps->p[i];
	return NULL;
}

static int family(const char *name, size_t n)
{
	return (n > 4 && !memcmp(name, "mix_", 4)) || (n > 11 && !memcmp(name, "system_usd_", 11));
}

/*
 * Sets one parameter. defaults != 0: adding is the only allowed action.
 * Otherwise the name must exist or belong to a per-SKU family.
 */
static int put(struct params *ps, const char *name, size_t nlen, const char *val, size_t vlen,
	       const char *src, size_t slen, const char *origin, int defaults)
{
	struct param *p = find(ps, name, nlen);
	double v;

	if (nlen == 0 || nlen >= sizeof(p->name)) {
		gw_error("%s: parameter name '%.*s' is empty or too long", origin, (int)(nlen > 60 ? 60 : nlen), name);
		return -1;
	}
	if (num_parse(val, vlen, &v) || !isfinite(v)) {
		gw_error("%s: %.*s: value '%.*s' is not a number", origin, (int)nlen, name,
			 (int)(vlen > 60 ? 60 : vlen), val);
		return -1;
	}
	if (!p && !defaults && !family(name, nlen)) {
		gw_error("%s: no model parameter called '%.*s' (gw-report --params lists them)", origin,
			 (int)nlen, name);
		return -1;
	}
	if (!p) {
		if (ps->n == PARAMS_MAX) {
			gw_error("%s: too many parameters", origin);
			return -1;
		}
		p = &ps->p[ps->n++];
		memset(p, 0, sizeof(*p));
		memcpy(p->name, name, nlen);
		p->name[nlen] = 0;
	}
	p->value = v;
	if (!defaults)
		p->overridden = 1;
	if (slen || !p->source) {
		free(p->source);
		p->source = slen ? dupn(src, slen) : dupn(origin, strlen(origin));
	}
	free(p->origin);
	p->origin = dupn(origin, strlen(origin));
	return p->source && p->origin ? 0 : -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int load(struct params *ps, const char *text, size_t len, const char *origin, int defaults)
{
	const char *s = text, *end = text + len;
	long line = 0;
	int bad = 0;

	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s)), *name, *val, *src;
		size_t nlen, vlen, slen;
		char where[300];

		if (!eol)
			eol = end;
		line++;
		while (s < eol && is_space(*s))
			s++;
		if (s == eol || *s == '#') {
			s = eol + 1;
			continue;
		}
		name = s;
		while (s < eol && !is_space(*s) && *s != '=')
			s++;
		nlen = (size_t)(s - name);
		while (s < eol && (is_space(*s) || *s == '='))
			s++;
		val = s;
		while (s < eol && !is_space(*s) && *s != '#')
			s++;
		vlen = (size_t)(s - val);
		while (s < eol && is_space(*s))
			s++;
		src = s;
		slen = (size_t)(eol - s);
		while (slen && is_space(src[slen - 1]))
			slen--;
		if (slen && *src == '#') {
			src++;
			slen--;
			while (slen && is_space(*src))
				src++, slen--;
		}
		snprintf(where, sizeof(where), "%s: line %ld", origin, line);
		if (put(ps, name, nlen, val, vlen, src, slen, defaults ? "default" : origin, defaults)) {
			gw_error("%s: not a parameter line 'name value [source]'", where);
			bad = 1;
		}
		s = eol + 1;
	}
	return bad ? -1 : 0;
}

int params_init(struct params *ps)
{
	memset(ps, 0, sizeof(*ps));
	return load(ps, gw_params_conf, strlen(gw_params_conf), "params.conf", 1);
}

void params_release(struct params *ps)
{
	int i;

	for (i = 0; i < ps->n; i++) {
		free(ps->p[i].source);
		free(ps->p[i].origin);
	}
	ps->n = 0;
}

int params_load(struct params *ps, const char *text, size_t len, const char *origin)
{
	return load(ps, text, len, origin, 0);
}

int params_set(struct params *ps, const char *assign, const char *origin)
{
	const char *eq = strchr(assign, '=');

	if (!eq) {
		gw_error("--set '%s' is not name=value", assign);
		return -1;
	}
	return put(ps, assign, (size_t)(eq - assign), eq + 1, strlen(eq + 1), NULL, 0, origin, 0);
}

const struct param *param_find(const struct params *ps, const char *name)
{
	return find((struct params *)ps, name, strlen(name));
}

double param(const struct params *ps, const char *name)
{
	const struct param *p = param_find(ps, name);

	return p ? p->value : NAN;
}

int params_overridden(const struct params *ps, const char *prefix)
{
	int i;

	for (i = 0; i < ps->n; i++)
		if (ps->p[i].overridden && !strncmp(ps->p[i].name, prefix, strlen(prefix)))
			return 1;
	return 0;
}

int params_check(const struct params *ps)
{
	static const char *const positive[] = {
		"pue", "pue_design", "utility_headroom", "server_factor", "network_factor", "h100_ops8",
		"accel_life_years", NULL,
	};
	int i, bad = 0;

	for (i = 0; positive[i]; i++) {
		const struct param *p = param_find(ps, positive[i]);
		if (p && !(p->value > 0)) {
			gw_error("%s: %s must be greater than 0, not %g", p->origin, p->name, p->value);
			bad = 1;
		}
	}
	for (i = 0; i < ps->n; i++)
		if (ps->p[i].value < 0) {
			gw_error("%s: %s must not be negative (%g)", ps->p[i].origin, ps->p[i].name, ps->p[i].value);
			bad = 1;
		}
	return bad ? -1 : 0;
}
