# deadrelu - plain Makefile; dependencies through pkg-config.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/deadrelu
MANDIR ?= $(PREFIX)/share/man
PKGS := ncursesw readline lua5.4
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))

CC ?= cc
CFLAGS ?= -O3 -g
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -MMD -MP -Isrc/engine -Isrc $(CFLAGS) $(CFLAGS_EXTRA)
ALL_CFLAGS += -DDR_SHAREDIR='"$(SHAREDIR)"'
LDLIBS := -lm -lpthread
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer

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

all: deadrelu

deadrelu: $(APP_OBJ) $(B)/libdeadrelu.a
	$(CC) $(ALL_CFLAGS) -o $@ $(APP_OBJ) $(B)/libdeadrelu.a $(PKG_LIBS) $(LDLIBS)

$(B)/libdeadrelu.a: $(ENGINE_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(B)/src/engine/%.o: src/engine/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/asan/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(SAN) -O1 -c -o $@ $<

# Unit tests link the engine and the application layers (no main).
$(B)/tests/%: tests/unit/%.c tests/unit/check.h $(LIB_OBJ) $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(B)/libdeadrelu.a $(PKG_LIBS) $(LDLIBS)

$(B)/asan/tests/%: tests/unit/%.c tests/unit/check.h $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(SAN) -O1 -Itests/unit -o $@ $< $(ASAN_OBJ) $(PKG_LIBS) $(LDLIBS)

$(B)/bench: tests/bench/bench.c $(B)/libdeadrelu.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libdeadrelu.a $(LDLIBS)

test: deadrelu $(UNIT_BIN) $(ASAN_BIN)
	@bash tests/run.sh

bench: $(B)/bench
	@bash scripts/bench.sh

run: deadrelu
	./deadrelu

install: deadrelu
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 deadrelu $(DESTDIR)$(BINDIR)/deadrelu
	install -m 644 lua/*.lua $(DESTDIR)$(SHAREDIR)/
	install -m 644 man/deadrelu.1 $(DESTDIR)$(MANDIR)/man1/
	if [ -f man/deadrelu-lua.7 ]; then install -m 644 man/deadrelu-lua.7 $(DESTDIR)$(MANDIR)/man7/; fi

clean:
	rm -rf $(B) deadrelu

.PHONY: all test bench run install clean
.SECONDARY:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
