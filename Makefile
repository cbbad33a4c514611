# deadrelu - plain Makefile; dependencies through pkg-config.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/deadrelu
MANDIR ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
# Lua 5.4's pkg-config name depends on the system (Debian, FreeBSD, ...);
# with none found, pkg-config's own error names lua5.4.
LUA_PKG := $(shell for p in lua5.4 lua-5.4 lua54 lua; do \
	$(PKG_CONFIG) --exists "$$p >= 5.4" && { echo $$p; exit; }; done; echo lua5.4)
PKGS := ncursesw readline $(LUA_PKG)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS))

CC ?= cc
CFLAGS ?= -O3 -g
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -pthread compiles and links (every link line below passes ALL_CFLAGS).
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -pthread -MMD -MP -Isrc/engine -Isrc $(CPPFLAGS) $(CFLAGS) $(CFLAGS_EXTRA)
# Only the last resort: the program looks for its Lua files relative to its
# own location first (src/util/paths.h), so this need not match the PREFIX
# of a later `make install`.
ALL_CFLAGS += -DDR_SHAREDIR='"$(SHAREDIR)"'
LDLIBS := -lm
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer
TSAN := -fsanitize=thread

ENGINE_SRC := $(wildcard src/engine/*.c)
APP_SRC := $(wildcard src/util/*.c src/cmd/*.c src/lua/*.c src/tui/*.c src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

B := build
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(B)/%.o)
APP_OBJ := $(APP_SRC:%.c=$(B)/%.o)
LIB_OBJ := $(filter-out $(B)/src/cli/main.o,$(APP_OBJ))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
ASAN_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)
ASAN_OBJ := $(ENGINE_SRC:%.c=$(B)/asan/%.o) $(filter-out $(B)/asan/src/cli/main.o,$(APP_SRC:%.c=$(B)/asan/%.o))
# ThreadSanitizer runs the unit tests that drive the engine's worker threads
# hardest (it runs them tens of times slower, so not every unit test, and
# test_certify only where two workers certify).
TSAN_BIN := $(B)/tsan/tests/test_sim $(B)/tsan/tests/test_invariants $(B)/tsan/tests/test_cancel \
	    $(B)/tsan/tests/test_certify $(B)/tsan/tests/test_counters
TSAN_OBJ := $(ENGINE_SRC:%.c=$(B)/tsan/%.o)

all: deadrelu

deadrelu: $(APP_OBJ) $(B)/libdeadrelu.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(B)/libdeadrelu.a $(PKG_LIBS) $(LDLIBS)

$(B)/libdeadrelu.a: $(ENGINE_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(B)/src/engine/%.o: src/engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# Each sanitizer has its own build directory: their objects cannot be mixed.
$(B)/asan/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(SAN) -O1 -c -o $@ $<

$(B)/tsan/src/engine/%.o: src/engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TSAN) -O1 -c -o $@ $<

# Unit tests that include a front-end header (cmd/, lua/, tui/, util/) link
# the engine and the application layers (no main); the others link the
# engine alone, without the front end's include flags, so the engine's
# layering is enforced by the build.
FRONT_UNIT_SRC := $(shell grep -lE '^\#include "(cmd|lua|tui|util)/' $(UNIT_SRC))
ENGINE_UNIT_SRC := $(filter-out $(FRONT_UNIT_SRC),$(UNIT_SRC))
ENGINE_UNIT_BIN := $(ENGINE_UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
ENGINE_ASAN_BIN := $(ENGINE_UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)
ASAN_ENGINE_OBJ := $(ENGINE_SRC:%.c=$(B)/asan/%.o)
UNIT_DEPS := tests/unit/check.h tests/unit/helpers.h

$(ENGINE_UNIT_BIN): $(B)/tests/%: tests/unit/%.c $(UNIT_DEPS) $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(B)/libdeadrelu.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(UNIT_DEPS) $(LIB_OBJ) $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(B)/libdeadrelu.a $(PKG_LIBS) $(LDLIBS)

$(ENGINE_ASAN_BIN): $(B)/asan/tests/%: tests/unit/%.c $(UNIT_DEPS) $(ASAN_ENGINE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 $(LDFLAGS) -Itests/unit -o $@ $< $(ASAN_ENGINE_OBJ) $(LDLIBS)

$(B)/asan/tests/%: tests/unit/%.c $(UNIT_DEPS) $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(SAN) -O1 $(LDFLAGS) -Itests/unit -o $@ $< $(ASAN_OBJ) $(PKG_LIBS) $(LDLIBS)

# The engine alone: it holds the threads, and its tests need nothing else.
$(B)/tsan/tests/%: tests/unit/%.c $(UNIT_DEPS) $(TSAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TSAN) -O1 $(LDFLAGS) -Itests/unit -o $@ $< $(TSAN_OBJ) $(LDLIBS)

$(B)/bench: tests/bench/bench.c $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libdeadrelu.a $(LDLIBS)

test: deadrelu $(UNIT_BIN) $(ASAN_BIN) $(TSAN_BIN) check-portable
	@bash tests/run.sh

# The portable path: the engine built without the SIMD kernel (DR_NO_SIMD),
# warnings as errors, into a directory of its own; and no __int128 in src/
# (32-bit targets have none). make test runs it first.
PORTABLE_OBJ := $(ENGINE_SRC:%.c=$(B)/portable/%.o)

$(B)/portable/src/engine/%.o: src/engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DDR_NO_SIMD -Werror -c -o $@ $<

$(B)/portable/libdeadrelu.a: $(PORTABLE_OBJ)
	$(AR) rcs $@ $^

# The program on the portable engine, for the golden outputs: the same
# seeds must give the same numbers with and without the kernel.
$(B)/portable/deadrelu: $(APP_OBJ) $(B)/portable/libdeadrelu.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(B)/portable/libdeadrelu.a $(PKG_LIBS) $(LDLIBS)

check-portable: $(B)/portable/deadrelu
	@if grep -rn '__int128' src; then echo "check-portable: __int128 in src/ (not on 32-bit targets)"; exit 1; fi
	@if nm $(B)/portable/src/engine/kernel_avx2.o | grep -q ' kernel_fused$$'; then \
		echo "check-portable: the SIMD kernel was built"; exit 1; fi
	@out=$$(DEADRELU=$(B)/portable/deadrelu bash tests/golden/run.sh 2>&1); \
	if printf '%s\n' "$$out" | grep -q '^FAIL' || ! printf '%s\n' "$$out" | grep -q '^PASS'; then \
		echo "check-portable: the golden outputs differ without the SIMD kernel:"; echo "$$out"; exit 1; fi

bench: $(B)/bench
	@bash scripts/bench.sh

# ---- fuzzing (tests/fuzz/) ----
# make fuzz        builds the libFuzzer harnesses with $(FUZZ_CC) into build/fuzz/
#                  and runs each for FUZZ_SECONDS on its corpus
#                  tests/fuzz/corpus/NAME/, which gains what they find (crash
#                  and timeout reproducers go to build/fuzz/artifacts/).
#                  FUZZ_OPTS adds libFuzzer options (e.g. -only_ascii=1);
#                  tests/fuzz/NAME.dict, if there, is its dictionary.
# make fuzz-build  only builds them.
# make fuzz-merge  minimises each corpus (-merge=1): the hand-named seeds and
#                  reproducers stay, of the rest what adds coverage.
# make test needs no clang: it replays the corpus through the same harnesses
# built with $(CC) under ASan/UBSan and linked with tests/fuzz/replay.c.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_OPTS ?=
FUZZ_NAMES := fuzz_command fuzz_params fuzz_csv fuzz_shard
# Longest input each harness reads (bytes).
FUZZ_LEN_fuzz_command := 4096
FUZZ_LEN_fuzz_params := 1024
FUZZ_LEN_fuzz_csv := 65536
FUZZ_LEN_fuzz_shard := 65536
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJ := $(ENGINE_SRC:%.c=$(B)/fuzz/%.o) $(filter-out $(B)/fuzz/src/cli/main.o,$(APP_SRC:%.c=$(B)/fuzz/%.o))
FUZZ_BIN := $(FUZZ_NAMES:%=$(B)/fuzz/%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(B)/asan/fuzz/%)

$(B)/fuzz/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -O1 -c -o $@ $<

$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -O1 $(LDFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) $(LDLIBS)

$(B)/asan/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(SAN) -O1 $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(ASAN_OBJ) $(PKG_LIBS) $(LDLIBS)

test: $(REPLAY_BIN)

fuzz-build: $(FUZZ_BIN)

define fuzz_run
	@mkdir -p tests/fuzz/corpus/$(1) $(B)/fuzz/artifacts
	$(B)/fuzz/$(1) -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_LEN_$(1)) -timeout=10 -rss_limit_mb=4096 \
		$(if $(wildcard tests/fuzz/$(1).dict),-dict=tests/fuzz/$(1).dict) \
		-artifact_prefix=$(B)/fuzz/artifacts/$(1)- $(FUZZ_OPTS) tests/fuzz/corpus/$(1)

endef

fuzz: $(FUZZ_BIN)
	$(foreach f,$(FUZZ_NAMES),$(call fuzz_run,$(f)))

# Merging into a directory that holds the named files keeps them all; by
# edges alone (not hit counts), so a corpus stays a few hundred files.
define fuzz_merge
	rm -rf $(B)/fuzz/merge/$(1) && mkdir -p $(B)/fuzz/merge/$(1)
	find tests/fuzz/corpus/$(1) -type f -regextype posix-extended ! -regex '.*/[0-9a-f]{40}' -exec cp {} $(B)/fuzz/merge/$(1)/ \;
	$(B)/fuzz/$(1) -merge=1 -use_counters=0 -max_len=$(FUZZ_LEN_$(1)) -timeout=10 -rss_limit_mb=4096 \
		$(B)/fuzz/merge/$(1) tests/fuzz/corpus/$(1)
	rm -rf tests/fuzz/corpus/$(1) && cp -r $(B)/fuzz/merge/$(1) tests/fuzz/corpus/$(1)

endef

fuzz-merge: $(FUZZ_BIN)
	$(foreach f,$(FUZZ_NAMES),$(call fuzz_merge,$(f)))

.PHONY: fuzz fuzz-build fuzz-merge

# ---- the engine as a shared library, pkg-config and Python (issue 12) ----
# make          also builds build/libdeadrelu.so.VERSION (VERSION is DR_VERSION
#               of deadrelu.h; soname libdeadrelu.so.MAJOR) from -fPIC objects
#               in build/pic/, and its links libdeadrelu.so.MAJOR and
#               libdeadrelu.so. It exports the dr_ names of deadrelu.h alone
#               (the engine's visibility pragmas; tests/cli/test_symbols.sh).
# make install  also installs the static and shared libraries and the links
#               into LIBDIR (default PREFIX/lib, without a multiarch part),
#               deadrelu.h into INCLUDEDIR, deadrelu.pc written for these
#               directories into PKGCONFIGDIR (LIBDIR/pkgconfig),
#               libdeadrelu(3), and the Python package python/deadrelu into
#               PYTHONDIR: where Debian's Python looks for that prefix,
#               PREFIX/lib/python3/dist-packages for /usr and
#               PREFIX/lib/python3.MINOR/dist-packages for any other
#               (/usr/local among them; MINOR of $(PYTHON)). After installing
#               into a system prefix, ldconfig (as root) updates the loader's
#               cache; Python's package finds the library beside itself.
DR_VERSION := $(shell sed -n 's/.*define DR_VERSION "\(.*\)".*/\1/p' src/engine/deadrelu.h)
SO_NAME := libdeadrelu.so.$(firstword $(subst ., ,$(DR_VERSION)))
SO_REAL := libdeadrelu.so.$(DR_VERSION)
SHARED := $(B)/$(SO_REAL) $(B)/$(SO_NAME) $(B)/libdeadrelu.so
PIC_OBJ := $(ENGINE_SRC:%.c=$(B)/pic/%.o)
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
PYTHON ?= $(shell command -v /usr/bin/python3 || command -v python3 || echo python3)
PYTHON_MINOR = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)
PYTHONDIR ?= $(if $(filter /usr,$(PREFIX)),$(PREFIX)/lib/python3,$(PREFIX)/lib/python$(PYTHON_MINOR))/dist-packages
PY_FILES := $(wildcard python/deadrelu/*.py)

all: $(SHARED)
test: $(SHARED)
# deadrelu.h's promise about threads, under ThreadSanitizer too.
TSAN_BIN += $(B)/tsan/tests/test_threads

$(B)/pic/src/engine/%.o: src/engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(B)/$(SO_REAL): $(PIC_OBJ)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SO_NAME) -Wl,--no-undefined $(LDFLAGS) -o $@ $(PIC_OBJ) $(LDLIBS)

$(B)/$(SO_NAME): $(B)/$(SO_REAL)
	ln -sf $(SO_REAL) $@

$(B)/libdeadrelu.so: $(B)/$(SO_NAME)
	ln -sf $(SO_NAME) $@

install: install-lib
uninstall: uninstall-lib

# deadrelu.pc is written straight into the destination (never the build
# tree: installs with different prefixes may run at once).
install-lib: $(SHARED) $(B)/libdeadrelu.a
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(PYTHONDIR)/deadrelu
	install -m 644 $(B)/libdeadrelu.a $(DESTDIR)$(LIBDIR)/libdeadrelu.a
	install -m 755 $(B)/$(SO_REAL) $(DESTDIR)$(LIBDIR)/$(SO_REAL)
	ln -sf $(SO_REAL) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libdeadrelu.so
	install -m 644 src/engine/deadrelu.h $(DESTDIR)$(INCLUDEDIR)/deadrelu.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
		-e 's|@VERSION@|$(DR_VERSION)|g' src/engine/deadrelu.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/deadrelu.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/deadrelu.pc
	install -m 644 man/libdeadrelu.3 $(DESTDIR)$(MANDIR)/man3/libdeadrelu.3
	install -m 644 $(PY_FILES) $(DESTDIR)$(PYTHONDIR)/deadrelu/

# Of the directories only the package's own (and the bytecode Python
# wrote there).
uninstall-lib:
	rm -f $(addprefix $(DESTDIR)$(LIBDIR)/,libdeadrelu.a $(SO_REAL) $(SO_NAME) libdeadrelu.so)
	rm -f $(DESTDIR)$(INCLUDEDIR)/deadrelu.h $(DESTDIR)$(PKGCONFIGDIR)/deadrelu.pc $(DESTDIR)$(MANDIR)/man3/libdeadrelu.3
	rm -f $(addprefix $(DESTDIR)$(PYTHONDIR)/deadrelu/,$(notdir $(PY_FILES)))
	rm -rf $(DESTDIR)$(PYTHONDIR)/deadrelu/__pycache__
	rmdir $(DESTDIR)$(PYTHONDIR)/deadrelu 2>/dev/null || true

# make print-NAME: the value of a variable (print-PYTHONDIR PREFIX=...).
print-%:
	@echo '$($*)'

.PHONY: install-lib uninstall-lib
# ---- end of the shared library, pkg-config and Python ----

# ---- the Lua C module: deadrelu.so for the stock interpreter ----
# `require "deadrelu"` from Lua 5.4's own lua5.4, not only inside the
# program: the same src/lua binding (its session made on first use,
# src/lua/lx_guest.c), the command layer, src/util and the engine, compiled
# -fPIC with hidden visibility into build/luamod/ (the engine as a PIC
# libdeadrelu.a there) and linked -shared without liblua: the interpreter
# provides the Lua API. Only luaopen_deadrelu is exported (src/lua/lx.h),
# no curses or readline (src/tui, src/cli stay out).
# make luamod     builds build/luamod/deadrelu.so (all and test build it);
#                 LUA_CPATH='build/luamod/?.so;;' lua5.4 -e 'print(require("deadrelu").version)'
# make install    also installs it into LUA_CMODDIR: Lua's C module
#                 directory for PREFIX from pkg-config (INSTALL_CMOD), else
#                 PREFIX/lib/lua/5.4; make uninstall removes it (not the
#                 directory, which other modules share).
# LUA_CFLAGS      Lua's headers (default from pkg-config; the rockspec,
#                 deadrelu-*.rockspec, passes luarocks' LUA_INCDIR).
LUAMOD_B := $(B)/luamod
LUAMOD_SO := $(LUAMOD_B)/deadrelu.so
LUAMOD_ENGINE_OBJ := $(ENGINE_SRC:%.c=$(LUAMOD_B)/%.o)
LUAMOD_OBJ := $(patsubst %.c,$(LUAMOD_B)/%.o,$(wildcard src/util/*.c src/cmd/*.c src/lua/*.c))
LUAMOD_CFLAGS := -fPIC -fvisibility=hidden
LUA_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags $(LUA_PKG))
LUA_CMODDIR ?= $(or $(shell $(PKG_CONFIG) --define-variable=prefix=$(PREFIX) --variable=INSTALL_CMOD $(LUA_PKG) 2>/dev/null),$(PREFIX)/lib/lua/5.4)

$(LUAMOD_B)/src/engine/%.o: src/engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LUAMOD_CFLAGS) -c -o $@ $<

$(LUAMOD_B)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LUAMOD_CFLAGS) $(LUA_CFLAGS) -c -o $@ $<

$(LUAMOD_B)/libdeadrelu.a: $(LUAMOD_ENGINE_OBJ)
	$(AR) rcs $@ $^

# -z nodelete: the engine's workers are detached, and those of a cancelled
# run drain for a while (dr_sim_free never waits): the interpreter's
# dlclose at exit must not unmap the code they still run.
$(LUAMOD_SO): $(LUAMOD_OBJ) $(LUAMOD_B)/libdeadrelu.a
	$(CC) $(ALL_CFLAGS) $(LUAMOD_CFLAGS) $(LDFLAGS) -shared -Wl,-z,nodelete -o $@ $(LUAMOD_OBJ) $(LUAMOD_B)/libdeadrelu.a $(LDLIBS)

luamod: $(LUAMOD_SO)
all: luamod
test: luamod

install-luamod: $(LUAMOD_SO)
	install -d $(DESTDIR)$(LUA_CMODDIR)
	install -m 644 $(LUAMOD_SO) $(DESTDIR)$(LUA_CMODDIR)/deadrelu.so

uninstall-luamod:
	rm -f $(DESTDIR)$(LUA_CMODDIR)/deadrelu.so

install: install-luamod
uninstall: uninstall-luamod

.PHONY: luamod install-luamod uninstall-luamod
# ---- end of the Lua C module ----

run: deadrelu
	./deadrelu

LUA_FILES := $(notdir $(wildcard lua/*.lua))

install: deadrelu
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 deadrelu $(DESTDIR)$(BINDIR)/deadrelu
	install -m 644 $(addprefix lua/,$(LUA_FILES)) $(DESTDIR)$(SHAREDIR)/
	install -m 644 man/deadrelu.1 $(DESTDIR)$(MANDIR)/man1/deadrelu.1
	install -m 644 man/deadrelu-lua.7 $(DESTDIR)$(MANDIR)/man7/deadrelu-lua.7

# Removes what install wrote; of the directories only the share directory,
# the one no other program uses.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/deadrelu
	rm -f $(addprefix $(DESTDIR)$(SHAREDIR)/,$(LUA_FILES))
	rm -f $(DESTDIR)$(MANDIR)/man1/deadrelu.1 $(DESTDIR)$(MANDIR)/man7/deadrelu-lua.7
	rmdir $(DESTDIR)$(SHAREDIR) 2>/dev/null || true

clean:
	rm -rf $(B) deadrelu

.PHONY: all test check-portable bench run install uninstall clean
.SECONDARY:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
