/*
 * Permit and filing text: plain-text permits and notices, and PDF permits
 * through `pdftotext -layout` (poppler-utils), run with the PDF on its
 * standard input; when it is not installed the parser says so and fails the
 * document. GW_PDFTOTEXT names another program (tests use it).
 *
 * One document -> one `permit` record: what kind (air: a registration or
 * permit for emergency generators; zoning: a rezoning or special exception;
 * building), its authority, permit or case number, applicant, facility,
 * address, county, state, parcel, the generators (count x rating, their
 * total MW) and the issue date, found with PCRE2 (parsers/formats/extract.h).
 * A zoning notice that states the project's power ("up to 300 MW") also
 * gives a `capacity` of that site: announced while pending, permitted once
 * approved; basis `it` when the text says IT or critical load, `utility`
 * when it is a service or interconnection figure, else unknown.
 * The locator of each record is the byte span of its match in the text
 * ("bytes 512-540"; for a PDF, in the text pdftotext gave), with the spans
 * of the other figures after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/buf.h"
#include "parsers/formats/extract.h"
#include "parsers/parser.h"

#include "lib/banned.h"

#define TEXT_MAX (64u << 20)	/* text taken from one PDF */
#define PDF_TIMEOUT_MS 60000	/* pdftotext silent longer than this is stopped */

extern char **environ;

static int looks_text(const struct gw_doc *doc, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		if (doc->data[i] == 0 || (doc->data[i] < 0x20 && !strchr("\t\r\n\f", doc->data[i])))
			bad++;
	return n && bad * 100 < n;
}

static int detect(const struct gw_doc *doc)
{
	size_t n = doc->len < 16384 ? doc->len : 16384;
	struct xspan sp;

	if (doc->len >= 5 && !memcmp(doc->data, "%PDF-", 5))
		return 20;	/* any PDF may be a permit: others that know theirs say more */
	if (!looks_text(doc, n))
		return 0;
	if (extract_first((const char *)doc->data, n,
			  "Department of Environmental Quality|Board of Supervisors|Registration No"
			  "|air (?:quality )?permit|rezoning|zoning map amendment", 0, &sp) == 1 &&
	    extract_first((const char *)doc->data, n, "generator|data cent(?:er|re)|\\bMW\\b", 0, &sp) == 1)
		return 60;
	return 0;
}

/*
 * Runs pdftotext on the PDF (its stdin) and reads the text (its stdout) into
 * out, both through pipes with poll so neither side blocks the other.
 * Returns 0, or -1 with a message.
 */
static int pdf_text(struct gw_parse *p, struct buf *out)
{
	const char *prog = getenv("GW_PDFTOTEXT");
	char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", "-", "-", NULL };
	int in[2] = { -1, -1 }, o[2] = { -1, -1 }, r = -1, status, rc;
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	size_t off = 0;
	int toolong = 0;
	pid_t pid;

	if (!prog || !*prog)
		prog = "pdftotext";
	if (pipe(in) || pipe(o)) {
		pfatal(p, "cannot make a pipe for pdftotext: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, o[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, o[0]);
	/* its own syntax messages about a broken PDF would only repeat what we say */
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(o[1]);
	in[0] = o[1] = -1;
	if (rc) {
		if (rc == ENOENT)
			pfatal(p, "a PDF: pdftotext (Debian package poppler-utils) is not installed, so its text cannot be read");
		else
			pfatal(p, "cannot run %s: %s", prog, strerror(rc));
		goto out;
	}
	/* writes never block: a partly read pipe takes what fits, poll says when there is room */
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	/* a pdftotext that exits early must not kill us with SIGPIPE */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (o[0] >= 0) {
		struct pollfd pf[2] = { { o[0], POLLIN, 0 }, { in[1], POLLOUT, 0 } };
		char chunk[65536];
		ssize_t k;
		int np = poll(pf, in[1] >= 0 ? 2 : 1, PDF_TIMEOUT_MS);

		if (np < 0 && errno == EINTR)
			continue;
		if (np <= 0) {	/* a PDF that makes pdftotext loop must not hang the crawl */
			kill(pid, SIGKILL);
			if (!np)
				pfatal(p, "pdftotext gave nothing for %d s: stopped", PDF_TIMEOUT_MS / 1000);
			break;
		}
		if (in[1] >= 0 && (pf[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			size_t want = p->doc->len - off > 65536 ? 65536 : p->doc->len - off;
			k = want ? write(in[1], p->doc->data + off, want) : 0;
			if (k > 0)
				off += (size_t)k;
			if (k < 0 && errno != EINTR && errno != EAGAIN)
				off = p->doc->len;	/* it stopped reading: its status says why */
			if (off >= p->doc->len) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			k = read(o[0], chunk, sizeof(chunk));
			if (k < 0 && errno == EINTR)
				continue;
			if (k > 0 && buf_add(out, chunk, (size_t)k))
				toolong = 1;
			if (k <= 0 || toolong) {
				close(o[0]);
				o[0] = -1;
			}
		}
	}
	/* closed before waiting, so that a pdftotext still writing gets EPIPE and ends */
	if (in[1] >= 0) {
		close(in[1]);
		in[1] = -1;
	}
	if (o[0] >= 0) {
		close(o[0]);
		o[0] = -1;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old, NULL);
	if (p->nerr)
		goto out;
	if (toolong) {
		pfatal(p, "the PDF's text is larger than %u MiB", TEXT_MAX >> 20);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		pfatal(p, "pdftotext could not read this PDF (status %d)",
		     WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		goto out;
	}
	r = 0;
out:
	if (in[0] >= 0) close(in[0]);
	if (in[1] >= 0) close(in[1]);
	if (o[0] >= 0) close(o[0]);
	if (o[1] >= 0) close(o[1]);
	return r;
}

/* Copies a span into out (at most max-1 bytes), trimmed, runs of white space (line breaks) to one space. */
static void span_copy(const char *t, struct xspan sp, char *out, size_t max)
{
	size_t i, k = 0;
	int space = 0;

	for (i = 0; i < sp.len && k + 1 < max; i++) {
		char c = t[sp.off + i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
			space = k > 0;
			continue;
		}
		if (space && k + 2 < max)
			out[k++] = ' ';
		space = 0;
		out[k++] = c;
	}
	out[k] = '\0';
}

static int label(const char *t, size_t n, const char *lab, char *out, size_t max, struct xspan *at)
{
	struct xspan sp;

	out[0] = '\0';
	if (extract_label(t, n, lab, &sp) != 1)
		return 0;
	span_copy(t, sp, out, max);
	if (at)
		*at = sp;
	return 1;
}

#define MAXX 64

static int parse(struct gw_parse *p)
{
	struct buf pdf = BUF_INIT(TEXT_MAX), loc = BUF_INIT(BUF_LOC_MAX);
	const char *t = (const char *)p->doc->data, *kind, *authority = NULL;
	size_t n = p->doc->len;
	struct xgen gens[MAXX];
	struct xpower pw[MAXX];
	struct xdate dates[4];
	struct xspan idsp = { 0, 0 }, sp, mwsp = { 0, 0 };
	char id[128], applicant[256], site[256], addr[256], county[128], state[3] = "", parcel[64];
	char issued[11] = "", tmp[256], auth[160], status[32] = "", status_raw[128] = "";
	int ng, npw, i, same = 1, air, zoning, pending = 0, approved = 0;
	long count = 0;
	double total = 0, mw = -1;
	const char *basis = "unknown";

	if (n >= 5 && !memcmp(t, "%PDF-", 5)) {
		if (pdf_text(p, &pdf))
			goto out;
		t = pdf.data;
		n = pdf.len;
	}
	air = extract_first(t, n, "air (?:quality )?permit|registration no|emergency generator|"
			    "stationary source|Department of Environmental Quality", 0, &sp) == 1;
	zoning = extract_first(t, n, "rezon|zoning map amendment|special exception|"
			       "\\b(?:ZMAP|ZRTD|REZ|SPEX)[- ]?\\d", 0, &sp) == 1;
	kind = air ? "air" : zoning ? "zoning" :
	       extract_first(t, n, "building permit", 0, &sp) == 1 ? "building" : "other";

	id[0] = '\0';
	if (!strcmp(kind, "zoning") &&
	    extract_first(t, n, "(?-i)\\b((?:ZMAP|ZRTD|ZCPA|SPEX|CMPT|REZ|PLN|SUP)[- ]?\\d{4}-\\d{2,5})\\b", 1, &idsp) == 1)
		span_copy(t, idsp, id, sizeof(id));
	if (!id[0])
		label(t, n, "Registration|Permit|Case|Application", id, sizeof(id), &idsp);
	if (!id[0]) {
		rec_reject(p, t, n > 2000 ? 2000 : n, "no permit, registration or case number found",
			   "bytes 0-%zu", n);
		goto out;
	}
	label(t, n, "Applicant|Permittee|Owner of Record|Owner|Company Name|Registrant", applicant,
	      sizeof(applicant), NULL);
	label(t, n, "Facility Name|Facility|Project Name|Project|Site Name", site, sizeof(site), NULL);
	label(t, n, "Facility Location|Property Address|Location|Address", addr, sizeof(addr), NULL);
	label(t, n, "Parcel ID|Parcel|PIN|Tax Map Number|Tax Map", parcel, sizeof(parcel), NULL);
	county[0] = '\0';
	if (extract_first(t, n, "(?-i)\\b((?:[A-Z][a-z]+\\s){1,2}County)\\b", 1, &sp) == 1)
		span_copy(t, sp, county, sizeof(county));
	if (extract_first(t, n, "Commonwealth of Virginia|Virginia Department", 0, &sp) == 1)
		memcpy(state, "VA", 3);
	else if (!addr[0] || us_state_of(addr, strlen(addr), state))
		state[0] = '\0';
	if (air && extract_first(t, n, "Department of Environmental Quality", 0, &sp) == 1) {
		snprintf(auth, sizeof(auth), "%s DEQ", state[0] ? state : "State");
		authority = auth;
	} else if (extract_first(t, n, "(?-i)\\b((?:[A-Z][a-z]+\\s){1,2}County)\\s+Board of Supervisors", 1, &sp) == 1) {
		span_copy(t, sp, auth, sizeof(auth));
		authority = auth;
	} else if (county[0]) {
		authority = county;
	} else {
		authority = "unknown";
	}
	if (label(t, n, "Date Issued|Issue Date|Issued|Effective Date|Approved|Date of Approval",
		  tmp, sizeof(tmp), &sp) && extract_dates(t + sp.off, sp.len, dates, 1) == 1)
		memcpy(issued, dates[0].iso, sizeof(issued));
	if (extract_first(t, n, "\\b(public hearing|pending|under review|draft)\\b", 1, &sp) == 1) {
		pending = 1;
		span_copy(t, sp, status_raw, sizeof(status_raw));
	}
	if (extract_first(t, n, "\\b(approved|is hereby granted|permit is issued|issued to)\\b", 1, &sp) == 1 &&
	    (!pending || issued[0])) {
		approved = 1;
		pending = 0;
		span_copy(t, sp, status_raw, sizeof(status_raw));
	}
	snprintf(status, sizeof(status), "%s", approved ? "issued" : pending ? "pending" : "");

	buf_printf(&loc, "bytes %zu-%zu", idsp.off, idsp.off + idsp.len);
	ng = extract_generators(t, n, gens, MAXX);
	for (i = 0; i < ng; i++) {
		count += gens[i].count;
		total += gens[i].count * gens[i].unit_mw;
		if (gens[i].unit_mw != gens[0].unit_mw)
			same = 0;
		buf_printf(&loc, "; generators bytes %zu-%zu", gens[i].at.off, gens[i].at.off + gens[i].at.len);
	}
	npw = extract_power(t, n, pw, MAXX);
	for (i = 0; i < npw; i++) {
		int inside = 0, k;
		for (k = 0; k < ng; k++)
			if (pw[i].at.off >= gens[k].at.off && pw[i].at.off < gens[k].at.off + gens[k].at.len)
				inside = 1;
		/* the first figure that is not a substation's or transformer's rating */
		if (!inside && mw < 0) {
			size_t a = pw[i].at.off > 60 ? pw[i].at.off - 60 : 0;
			if (extract_first(t + a, pw[i].at.off - a, "substation|transformer", 0, &sp) == 1)
				continue;
			mw = pw[i].mw;
			mwsp = pw[i].at;
		}
	}

	rec_begin(p, "permit");
	rec_str(p, "authority", authority);
	rec_str(p, "permit_id", id);
	rec_str(p, "permit_kind", kind);
	rec_str(p, "applicant", applicant);
	rec_str(p, "site", site);
	rec_str(p, "address", addr);
	rec_str(p, "county", county);
	rec_str(p, "state", state);
	rec_str(p, "parcel", parcel);
	if (ng > 0) {
		rec_int(p, "generators", count);
		if (same)
			rec_num(p, "generator_mw", gens[0].unit_mw);
		rec_num(p, "mw", total);
	} else if (mw >= 0) {
		rec_num(p, "mw", mw);
	}
	rec_str(p, "issued", issued);
	rec_str(p, "status", status);
	rec_str(p, "status_raw", status_raw);
	rec_end(p, "%s", buf_error(&loc) ? "?" : loc.data);	/* a locator too long is "?", as rec_end's */

	if (!strcmp(kind, "zoning") && mw > 0 && site[0]) {
		size_t a = mwsp.off > 80 ? mwsp.off - 80 : 0, b = mwsp.off + mwsp.len + 80 < n ? mwsp.off + mwsp.len + 80 : n;
		if (extract_first(t + a, b - a, "\\bIT\\b|critical (?:IT )?load", 0, &sp) == 1)
			basis = "it";
		else if (extract_first(t + a, b - a, "electric service|interconnection|substation|utility", 0, &sp) == 1)
			basis = "utility";
		rec_begin(p, "capacity");
		rec_str(p, "operator", applicant);
		rec_str(p, "site", site);
		rec_str(p, "state", state);
		rec_num(p, "mw", mw);
		rec_str(p, "mw_basis", basis);
		rec_str(p, "status", approved ? "permitted" : "announced");
		rec_str(p, "status_raw", status_raw);
		rec_end(p, "bytes %zu-%zu", mwsp.off, mwsp.off + mwsp.len);
	}
out:
	buf_release(&pdf);
	buf_release(&loc);
	return p->nerr ? -1 : 0;
}

const struct parser parser_permit_text = {
	"permit-text",
	"Permit and notice text (plain text, or PDF through pdftotext): permit, generators, MW, dates",
	detect,
	parse,
};
