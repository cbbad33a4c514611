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
# hardest (it runs them tens of times slower, so not every unit test).
TSAN_BIN := $(B)/tsan/tests/test_sim $(B)/tsan/tests/test_invariants $(B)/tsan/tests/test_cancel
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

# Unit tests link the engine and the application layers (no main).
$(B)/tests/%: tests/unit/%.c tests/unit/check.h $(LIB_OBJ) $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(B)/libdeadrelu.a $(PKG_LIBS) $(LDLIBS)

$(B)/asan/tests/%: tests/unit/%.c tests/unit/check.h $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(SAN) -O1 $(LDFLAGS) -Itests/unit -o $@ $< $(ASAN_OBJ) $(PKG_LIBS) $(LDLIBS)

# The engine alone: it holds the threads, and its tests need nothing else.
$(B)/tsan/tests/%: tests/unit/%.c tests/unit/check.h $(TSAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TSAN) -O1 $(LDFLAGS) -Itests/unit -o $@ $< $(TSAN_OBJ) $(LDLIBS)

$(B)/bench: tests/bench/bench.c $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libdeadrelu.a $(LDLIBS)

test: deadrelu $(UNIT_BIN) $(ASAN_BIN) $(TSAN_BIN)
	@bash tests/run.sh

bench: $(B)/bench
	@bash scripts/bench.sh

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

.PHONY: all test bench run install uninstall clean
.SECONDARY:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
