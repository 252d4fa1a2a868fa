# Makefile: builds diplomacy.core, runs the tests, the demo and the benchmark
LUA      ?= lua5.4
BUSTED   ?= $(LUA) /usr/bin/busted
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -pedantic -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Werror=implicit-function-declaration
DEB_PKGS  = lua5.4 liblua5.4-dev libcjson-dev check lua-busted luarocks pkg-config libexpat1-dev libedit-dev

PKG_CFLAGS = $(shell pkg-config --cflags lua5.4 libcjson 2>/dev/null)
CJSON_LIBS = $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
# expat reads the Office of the Historian's XML; the GDELT importer reads on a thread of its own
EXPAT_LIBS = $(shell pkg-config --libs expat 2>/dev/null || echo -lexpat) -pthread
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
# libedit gives the REPL its line editing, history and completion (the binding only)
EDIT_LIBS  = $(shell pkg-config --libs libedit 2>/dev/null || echo -ledit)

# Every C file of the core (all of csrc/ but the Lua binding) is compiled once per build
# flavour into objects; the tests link the static library, the module links the objects.
BIND_SRC  = csrc/lua_diplomacy.c
CORE_SRC  = $(filter-out $(BIND_SRC),$(sort $(wildcard csrc/*.c)))
HEADERS   = $(wildcard csrc/*.h csrc/*.inc)
TESTS     = $(patsubst csrc/tests/%.c,%,$(wildcard csrc/tests/check_*.c))
SANITIZE  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# the sanitizer build maps every JSON file it loads (the plain build maps only those of 1 GiB or more),
# so that the two halves of the suite read documents both ways
ASAN_CFLAGS = -O1 -g $(SANITIZE) -DDIP_MAP_FROM=1 -DDIP_SNAPSHOT_MAP_FROM=1

CORE_OBJ  = $(patsubst csrc/%.c,build/obj/%.o,$(CORE_SRC))
ASAN_OBJ  = $(patsubst csrc/%.c,build/asan/obj/%.o,$(CORE_SRC))
LIBS      = $(CJSON_LIBS) $(EXPAT_LIBS) -lm

MODULE    = build/diplomacy/core.so

.PHONY: all deps test test-build test-c test-lua test-sanitize demo bench valgrind install clean

all: $(MODULE)

# Installs the Debian packages the build needs when run as root; otherwise says what to install.
deps:
	@missing=""; \
	for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing packages:$$missing"; echo "install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi; \
	if command -v luarocks >/dev/null && [ "$$(luarocks config lua_version 2>/dev/null)" != 5.4 ]; then \
	  echo "luarocks: making Lua 5.4 its default (luarocks config lua_version 5.4)"; \
	  luarocks config lua_version 5.4 >/dev/null; \
	fi

build/obj/%.o: csrc/%.c $(HEADERS)
	@mkdir -p build/obj
	$(CC) $(WARN) $(CFLAGS) -fPIC $(PKG_CFLAGS) -c -o $@ $<

build/asan/obj/%.o: csrc/%.c $(HEADERS)
	@mkdir -p build/asan/obj
	$(CC) $(WARN) $(ASAN_CFLAGS) -fPIC $(PKG_CFLAGS) -c -o $@ $<

build/libdiplomacy.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/asan/libdiplomacy.a: $(ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(MODULE): $(CORE_OBJ) build/obj/lua_diplomacy.o
	@mkdir -p build/diplomacy
	$(CC) $(CFLAGS) -shared -o $@ $^ $(LIBS) $(EDIT_LIBS)

build/asan/diplomacy/core.so: $(ASAN_OBJ) build/asan/obj/lua_diplomacy.o
	@mkdir -p build/asan/diplomacy
	$(CC) $(ASAN_CFLAGS) -shared -o $@ $^ $(LIBS) $(EDIT_LIBS)

build/tests/%: csrc/tests/%.c build/libdiplomacy.a $(HEADERS) $(wildcard csrc/tests/*.h)
	@mkdir -p build/tests
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Icsrc -o $@ $< build/libdiplomacy.a $(LIBS) $(CHECK_LIBS)

build/asan/tests/%: csrc/tests/%.c build/asan/libdiplomacy.a $(HEADERS) $(wildcard csrc/tests/*.h)
	@mkdir -p build/asan/tests
	$(CC) $(WARN) $(ASAN_CFLAGS) $(PKG_CFLAGS) -Icsrc -o $@ $< build/asan/libdiplomacy.a $(LIBS) $(CHECK_LIBS)

# Builds everything the tests need on all cores, then runs the suites side by side (the
# sanitizer half takes as long as the rest), each one's output printed whole when it ends.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) test-build
	@$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target test-c test-lua test-sanitize

test-build: $(MODULE) $(addprefix build/tests/,$(TESTS)) $(addprefix build/asan/tests/,$(TESTS)) build/asan/diplomacy/core.so build/ptyrun

# Snapshots the tests check whole are remembered in a folder of the build's own, emptied first.
test-c: $(addprefix build/tests/,$(TESTS))
	@rm -rf build/test-cache/c && mkdir -p build/test-cache
	@for t in $^; do echo "== $$t"; DIPLOMACY_CACHE_DIR=$(CURDIR)/build/test-cache/c CK_VERBOSITY=normal ./$$t || exit 1; done

test-lua: $(MODULE) build/ptyrun
	@rm -rf build/test-cache/lua && mkdir -p build/test-cache
	DIPLOMACY_CACHE_DIR=$(CURDIR)/build/test-cache/lua $(BUSTED)

# The REPL specs type at bin/diplomacy through a pseudo-terminal with this small program.
build/ptyrun: spec/tools/ptyrun.c
	@mkdir -p build
	$(CC) $(WARN) -O1 -o $@ spec/tools/ptyrun.c -lutil

# The C tests and the Lua specs again, built with AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: $(addprefix build/asan/tests/,$(TESTS)) build/asan/diplomacy/core.so build/ptyrun
	@rm -rf build/test-cache/asan && mkdir -p build/test-cache
	@for t in $(addprefix build/asan/tests/,$(TESTS)); do echo "== $$t (sanitizers)"; DIPLOMACY_CACHE_DIR=$(CURDIR)/build/test-cache/asan CK_VERBOSITY=normal ./$$t || exit 1; done
	@echo "== busted (sanitizers)"
	@LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	  ASAN_OPTIONS=detect_leaks=0 DIPLOMACY_CACHE_DIR=$(CURDIR)/build/test-cache/asan $(BUSTED) --cpath='build/asan/?.so' -o utfTerminal >build/asan/busted.log 2>&1; \
	  rc=$$?; tail -n 3 build/asan/busted.log; exit $$rc

valgrind: export DIPLOMACY_CACHE_DIR = $(CURDIR)/build/test-cache/valgrind
valgrind: $(addprefix build/tests/,$(TESTS)) $(MODULE)
	@rm -rf build/test-cache/valgrind && mkdir -p build/test-cache
	@for t in $(addprefix build/tests/,$(TESTS)); do CK_FORK=no valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 ./$$t || exit 1; done
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 $(BUSTED)

demo: deps
	@$(MAKE) --no-print-directory $(MODULE)
	@$(LUA) bin/demo.lua

# The benchmark (bench/README.md): this project beside SQLite, DuckDB, networkx
# and igraph on generated data; installs the peers when missing, prints the
# table and writes bench/results.md. Not part of `make test`.
BENCH_SIZES  ?= 10000 100000 1000000
BENCH_RUNS   ?= 5
BENCH_PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)

build/gen: bench/gen.c
	@mkdir -p build
	$(CC) -std=c11 -O2 -Wall -Wextra -pedantic -o $@ bench/gen.c

build/bench/benchclock.so: bench/clock.c
	@mkdir -p build/bench
	$(CC) $(WARN) -O2 -fPIC -shared $(PKG_CFLAGS) -o $@ bench/clock.c

bench: deps
	@$(MAKE) --no-print-directory $(MODULE) build/gen build/bench/benchclock.so
	@BENCH_PYTHON=$(BENCH_PYTHON) sh bench/peers.sh
	@BENCH_SIZES="$(BENCH_SIZES)" BENCH_RUNS="$(BENCH_RUNS)" LUA="$(LUA)" $(BENCH_PYTHON) bench/run.py

# Installs the module and bin/diplomacy with LuaRocks (as `luarocks make` does).
install: deps
	luarocks --lua-version 5.4 make rockspec/diplomacy-scm-1.rockspec
	rm -rf diplomacy csrc/*.o

clean:
	rm -rf build

# ---- fuzzing (fuzz/README.md): libFuzzer targets built with clang, each core file once more
# into objects of its own flavour; `make fuzz FUZZ_SECONDS=60` runs every fuzz/fuzz_*.c target
# that long, one after the other. Not part of `make test`; spec/regress_spec.lua replays the
# crashers kept in spec/fixtures/regress/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
# small read blocks and line limits (GDELT, ICEWS), so that inputs of a few kilobytes reach the carrying of
# lines across blocks and the refusal of long lines; large blocks also make each run slow under ASan;
# every snapshot mapped, as large ones are
FUZZ_CFLAGS   = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                -DDIP_GDELT_CHUNK=4096 -DDIP_GDELT_MAX_LINE=8192 -DDIP_READ_CHUNK=8192 -DDIP_SNAPSHOT_MAP_FROM=1
FUZZ_OBJ      = $(patsubst csrc/%.c,build/fuzz/obj/%.o,$(CORE_SRC))
FUZZ_TARGETS  = $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))

build/fuzz/obj/%.o: csrc/%.c $(HEADERS)
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) -std=c11 $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/libdiplomacy.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) build/fuzz/libdiplomacy.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Icsrc -o $@ $< build/fuzz/libdiplomacy.a $(LIBS)

.PHONY: fuzz fuzz-build
fuzz-build: $(addprefix build/fuzz/,$(FUZZ_TARGETS)) $(MODULE)

fuzz: deps
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang (apt-get install clang)"; exit 1; }
	@$(MAKE) --no-print-directory -j$(JOBS) fuzz-build
	@sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
