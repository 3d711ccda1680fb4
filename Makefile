# wirewatch — build, run, test. Every target installs the Debian packages it needs.
SWIFT      ?= swift
CONFIG     ?= release
BUILD_DIR  := .build
BIN         = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path 2>/dev/null)
INBOX      ?= ./inbox
STORE      ?= ./store/articles.jsonl
PREFIX     ?= /usr/local
DESTDIR    ?=
DATA       ?= ../shared/data

.PHONY: all deps build run test knowledge gazetteer train eval bench reliability fuzz lint format install uninstall clean

all: build

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product wirewatchd
	$(SWIFT) build -c $(CONFIG) --product wirewatch
	$(SWIFT) build -c $(CONFIG) --product wirewatch-full

run: build
	@mkdir -p $(INBOX) $(dir $(STORE))
	$(BIN)/wirewatchd --inbox $(INBOX) --store $(STORE)

test:
	@scripts/deps.sh test
	$(SWIFT) build -c debug --build-tests
	$(SWIFT) test --skip-build

knowledge:
	@scripts/knowledge.sh

# gazetteer.bin from the committed gazetteer.txt and the hand lists in Sources/Extraction (after editing
# a list there); `make knowledge` rebuilds gazetteer.txt itself from the PyPI packages
gazetteer: deps
	$(SWIFT) build -c release --product wirewatch-train
	$$($(SWIFT) build -c release --show-bin-path)/wirewatch-train gazetteer \
		Sources/CKnowledge/data/gazetteer.txt Sources/CKnowledge/data/gazetteer.bin

train: deps
	@scripts/train.sh $(DATA)

eval: deps
	@scripts/eval.sh $(DATA)

bench:
	@scripts/deps.sh bench
	@scripts/bench.sh $(DATA)

reliability: deps
	@scripts/reliability.sh

fuzz: deps
	@scripts/fuzz.sh

lint:
	$(SWIFT) format lint -r Sources Tests

format:
	$(SWIFT) format -i -r Sources Tests

install:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" SWIFT="$(SWIFT)" scripts/install.sh

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/uninstall.sh

clean:
	rm -rf $(BUILD_DIR)
