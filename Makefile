# gigawatt: build, test, demo. Read top to bottom.
#
#   make                 build bin/gw-fetch bin/gw-parse bin/gw-load bin/gw-report bin/gw-export bin/gw-sync
#   make demo            crawl the bundled real documents (demo/data) offline, write the report
#   make test            the whole test suite (installs missing Debian packages first)
#   make SANITIZE=address,undefined test    the same under the sanitizers
#   make werror          build everything with gcc and with clang, warnings as errors (CI)
#   make golden          regenerate the golden records of the fixtures (tests/golden)
#   make readme-views    regenerate README.md's table of views from schemas/columns.conf
#   make fuzz            libFuzzer campaigns (clang), one per parser
#   make bench           benchmarks against named peers (tests/bench)
#   make install PREFIX=/usr/local [DESTDIR=]    the tools, manual pages and documentation
#   make uninstall PREFIX=/usr/local [DESTDIR=]  removes exactly what install installed

CC ?= cc
PREFIX ?= /usr/local
PKGS = libcurl libxml-2.0 libpcre2-8 libarchive sqlite3 xlsxwriter libcjson
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes -Wformat=2
# gw-sync: libpq, PostgreSQL's client library
PKGS += libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# -I.: every include of the tree is from its root ("lib/buf.h", "store/db.h")
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -I. $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LIBS = $(PKG_LIBS) -lm -pthread
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),ok)
$(warning some build libraries are missing ($(PKGS)): make deps-build installs them, as root)
endif

# Every .c file includes "lib/banned.h" (the functions it must not call) from the tree's root
ROOT_INC = -I.
ALL_CFLAGS += $(ROOT_INC)

# Sanitized builds live apart, so switching back and forth never mixes objects.
ifneq ($(SANITIZE),)
O ?= build/san
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
BIN ?= build/san/bin
else
O ?= build/obj
BIN ?= bin
endif

TOOLS = gw-fetch gw-parse gw-load gw-report gw-export gw-sync
MAINS = ingest/main.c parsers/main.c store/main.c reports/main.c store/gw-export.c store/sync_main.c
# parsers/: the interface and gw-parse; parsers/formats/: readers of file formats (XLSX, CSV, XML,
# archives, JSON, text); parsers/sources/FAMILY/: one file per parser, named after it
PARSERS_SRC = $(wildcard parsers/*.c parsers/formats/*.c parsers/sources/*/*.c)
LIB_SRC = $(filter-out $(MAINS), $(wildcard lib/*.c store/*.c ingest/*.c reports/*.c) $(PARSERS_SRC))
LIB_OBJ = $(patsubst %.c,$(O)/%.o,$(LIB_SRC)) $(O)/gen/registry.o $(O)/gen/migrations.o
# Text files compiled in as default configuration: the SEC capex concept list
# (schemas/capex-concepts.conf), gw-report's model parameters (schemas/params.conf),
# the analyst views' columns (schemas/columns.conf) and SQLite's functions for gw-sync's
# PostgreSQL replica (store/sync-compat.sql); and the store's views (schemas/views.sql)
LIB_OBJ += $(O)/gen/capex_concepts.o $(O)/gen/params.o $(O)/gen/columns.o $(O)/gen/sync_compat.o
LIB_OBJ += $(O)/gen/views.o
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(O)/unit/%,$(UNIT_SRC))

all: $(addprefix $(BIN)/,$(TOOLS)) $(BIN)/gw-crawl

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/libgw.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The parser registry: every "const struct parser parser_NAME = {" in parsers/sources/*/*.c
$(O)/gen/registry.c: $(wildcard parsers/sources/*/*.c) Makefile
	@mkdir -p $(@D)
	@{ echo '#include "parsers/parser.h"'; \
	   names=$$(sed -n 's/^const struct parser \(parser_[a-z0-9_]*\) = {.*/\1/p' parsers/sources/*/*.c | sort); \
	   for n in $$names; do echo "extern const struct parser $$n;"; done; \
	   echo 'const struct parser *const gw_parsers[] = {'; \
	   for n in $$names; do echo "	&$$n,"; done; \
	   echo '	0,'; echo '};'; } > $@.tmp && mv $@.tmp $@

# The migrations: schemas/NNN-name.sql, compiled in, applied in order
$(O)/gen/migrations.c: $(wildcard schemas/[0-9][0-9][0-9]-*.sql) Makefile
	@mkdir -p $(@D)
	@{ echo '#include "store/migrations.h"'; \
	   echo 'const struct migration gw_migrations[] = {'; \
	   for f in $$(ls schemas/[0-9][0-9][0-9]-*.sql | sort); do \
	     b=$$(basename $$f .sql); v=$$(echo $$b | sed 's/^0*\([0-9]\)/\1/; s/-.*//'); \
	     echo "{ $$v, \"$$b\","; \
	     sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $$f; echo '},'; \
	   done; echo '{ 0, 0, 0 },'; echo '};'; } > $@.tmp && mv $@.tmp $@

# $(call embed,SYMBOL): the prerequisite text file as the C string SYMBOL
define embed
	@mkdir -p $(@D)
	@{ echo 'extern const char $1[];'; echo 'const char $1[] ='; \
	   sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@.tmp && mv $@.tmp $@
endef
$(O)/gen/capex_concepts.c: schemas/capex-concepts.conf Makefile
	$(call embed,gw_capex_concepts_default)
$(O)/gen/params.c: schemas/params.conf Makefile
	$(call embed,gw_params_conf)
$(O)/gen/columns.c: schemas/columns.conf Makefile
	$(call embed,gw_columns_conf)
$(O)/gen/sync_compat.c: store/sync-compat.sql Makefile
	$(call embed,gw_sync_compat)
# every view of the store, made after the migrations (store/db.c)
$(O)/gen/views.c: schemas/views.sql Makefile
	$(call embed,gw_views_sql)
# the generated sources: registry, migrations, compiled-in configuration
$(O)/gen/%.o: $(O)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN)/gw-fetch: $(O)/ingest/main.o $(O)/libgw.a
$(BIN)/gw-parse: $(O)/parsers/main.o $(O)/libgw.a
$(BIN)/gw-load: $(O)/store/main.o $(O)/libgw.a
$(BIN)/gw-report: $(O)/reports/main.o $(O)/libgw.a
$(BIN)/gw-export: $(O)/store/gw-export.o $(O)/libgw.a
$(BIN)/gw-sync: $(O)/store/sync_main.o $(O)/libgw.a
$(addprefix $(BIN)/,$(TOOLS)):
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BIN)/gw-crawl: ingest/gw-crawl.sh
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

$(O)/unit/%: tests/unit/%.c $(O)/libgw.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

units: $(UNIT_BIN)

# The I/O fault shim of the fault-injection tests (tests/t04xx): LD_PRELOADed
# into the tools, so built as a plain shared object, never sanitized
$(O)/fault-shim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(ROOT_INC) $(filter -Werror,$(CFLAGS)) -O2 -fPIC -shared -o $@ $< -ldl

# Fuzz targets: one driver (tests/fuzz/fuzz.c) built per parser. The replay
# binary runs every saved input of tests/fuzz/corpus/PARSER/ through its parser.
$(O)/fuzz-replay: tests/fuzz/replay.c tests/fuzz/fuzz.c $(O)/libgw.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/replay.c $(O)/libgw.a $(LIBS)

# ---- dependencies: Debian packages, installed when root, else named ----
BUILD_DEBS = gcc make pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev libpcre2-dev libarchive-dev \
	libxlsxwriter-dev libcjson-dev
TEST_DEBS = $(BUILD_DEBS) sqlite3 perl nginx-light chromium poppler-utils python3 python3-openpyxl xlsx2csv curl
# GNU time for the memory tests (t2007) and benchmarks; xmllint for the XBRL benchmark
TEST_DEBS += time libxml2-utils
# unzip: the XLSX benchmark's floor (unzip -p into xmllint --stream)
TEST_DEBS += unzip
# the second compiler of make werror
TEST_DEBS += clang
# mandoc -T lint on the manual pages (t0010)
TEST_DEBS += mandoc
# gw-sync: libpq to build; its tests start a private PostgreSQL server, its benchmark runs pgloader
BUILD_DEBS += libpq-dev
TEST_DEBS += postgresql pgloader
WERROR_DEBS = $(BUILD_DEBS) clang
FUZZ_DEBS = $(BUILD_DEBS) clang libclang-rt-14-dev
deps-build:
	@DEBS="$(BUILD_DEBS)" sh tests/deps.sh
deps-fuzz:
	@DEBS="$(FUZZ_DEBS)" sh tests/deps.sh
deps:
	@DEBS="$(TEST_DEBS)" sh tests/deps.sh
deps-werror:
	@DEBS="$(WERROR_DEBS)" sh tests/deps.sh

# ---- running ----
demo: deps-build all
	@sh demo/demo.sh

test: deps
	@$(MAKE) --no-print-directory all units $(O)/fault-shim.so
	@$(MAKE) --no-print-directory SANITIZE=address,undefined build/san/fuzz-replay
	GW_BIN=$(abspath $(BIN)) GW_UNIT=$(abspath $(O)/unit) GW_REPLAY=$(abspath build/san/fuzz-replay) \
		GW_FAULT_SHIM=$(abspath $(O)/fault-shim.so) \
		prove -j2 --timer tests/t[0-9]*.sh

# No warnings, enforced: the tools, the unit tests, the fuzz replay and the fault shim built with
# each compiler of WERROR_CCS and -Werror, each into its own build/werror-CC
# (so they never mix with the normal build). .ci/run runs this before make test.
WERROR_CCS = gcc clang
werror: deps-werror
	@for cc in $(WERROR_CCS); do \
		echo "== -Werror with $$cc"; \
		$(MAKE) --no-print-directory SANITIZE= CC=$$cc O=build/werror-$$cc BIN=build/werror-$$cc/bin \
			CFLAGS="$(CFLAGS) -Werror" all units build/werror-$$cc/fuzz-replay build/werror-$$cc/fault-shim.so || exit 1; \
	done

# The golden records of the fixtures (tests/golden/LIST, compared by
# tests/t0501-golden.sh): regenerated only on demand, after a deliberate change.
golden: all
	sh tests/golden/regen.sh $(BIN)

# README.md's table of analyst views, from schemas/columns.conf (tests/t3600-columns.sh checks it)
readme-views:
	@mkdir -p build && awk -f schemas/columns-md.awk schemas/columns.conf >build/views.md && \
	awk 'FNR == NR { t = t $$0 "\n"; next } /^<!-- views:/ { print; printf "%s", t; skip = 1; next } \
	     /^<!-- end of views -->/ { skip = 0 } !skip' build/views.md README.md >build/README.md && \
	mv build/README.md README.md

fuzz: deps-fuzz all
	@$(MAKE) --no-print-directory -f tests/fuzz/Makefile.fuzz

bench: deps all
	@for b in tests/bench/*.sh; do echo "== $$b"; GW_BIN=$(abspath $(BIN)) sh $$b || exit 1; done

# What a package holds: the tools (gw-crawl finds the others beside it), the manual pages
# (man/, mdoc), and in DOCDIR the README, the models (docs/models.md, which the report cites),
# the record contract and the example sources.conf, at their paths in this tree so that the
# README's links hold. DESTDIR is prepended to every path (staged installs, packages).
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/gigawatt
MAN1 = $(addprefix man/,$(addsuffix .1,$(TOOLS) gw-crawl))
MAN7 = man/gigawatt.7
DOCS = README.md docs/models.md schemas/records.md sources.example.conf
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR)/schemas
	install -m 755 $(addprefix $(BIN)/,$(TOOLS) gw-crawl) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	for f in $(DOCS); do install -m 644 $$f $(DESTDIR)$(DOCDIR)/$$f || exit 1; done

# Only what install put there; the shared folders (bin, man1, man7) stay.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(TOOLS) gw-crawl)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1))) $(DESTDIR)$(MANDIR)/man7/$(notdir $(MAN7))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(DOCS))
	for d in $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR)/schemas $(DESTDIR)$(DOCDIR); do \
		if [ -d $$d ]; then rmdir $$d || exit 1; fi; done

clean:
	rm -rf build bin demo

.PHONY: all units deps deps-build deps-fuzz deps-werror werror golden readme-views demo test fuzz bench install uninstall clean
.DELETE_ON_ERROR:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
