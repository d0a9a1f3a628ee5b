# Lifeboat: the two commands a person needs are `make demo` and `make test` (see README.md).
# Every target installs what is missing first (scripts/setup.sh), so both work on a fresh Debian 12 machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)
# A display for the window tests: xvfb-run finds a free server number; 24-bit colour, a laptop-sized screen.
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

.PHONY: demo test deps ui build check-standalone check-fmt clippy test-rust test-keyring test-ui test-desktop ts-types fmt screenshots bench-desktop

## Install what is missing, build, and open the app (practice mode). Without a display: the terminal flow.
## One line per phase, so a first run (many minutes of compiling on a small machine) never looks stuck.
demo:
	@echo "==> [1/3] Installing what is missing (Debian packages, Node packages, Rust crates; only the first time)"
	@$(MAKE) --no-print-directory deps ui
	@if [ -n "$${DISPLAY:-}" ] || [ -n "$${WAYLAND_DISPLAY:-}" ]; then \
	  if [ -x "$(TARGET_DIR)/debug/lifeboat-desktop" ]; then when="built before: usually under a minute"; else when="the first build takes 15-25 minutes on a 2-core machine"; fi; \
	  echo "==> [2/3] Building the window ($$when)"; \
	  $(CARGO) build -p lifeboat-desktop; \
	  echo "==> [3/3] Starting Lifeboat in practice mode"; LIFEBOAT_PRACTICE=1 exec "$(TARGET_DIR)/debug/lifeboat-desktop"; \
	else \
	  if [ -x "$(TARGET_DIR)/debug/lifeboat" ]; then when="built before: usually under a minute"; else when="the first build takes 5-10 minutes on a 2-core machine"; fi; \
	  echo "==> [2/3] Building the command line (no display, so the journey runs in the terminal; $$when)"; \
	  $(CARGO) build -p lifeboat-cli; \
	  echo "==> [3/3] Running the practice journey in the terminal"; \
	  scripts/demo-terminal.sh "$(TARGET_DIR)/debug/lifeboat"; \
	fi

## Install what is missing and run the whole suite; fails when any layer fails.
test: check-standalone deps ui check-fmt clippy test-rust test-keyring test-ui test-desktop
	@echo "make test: every layer passed"

deps:
	@scripts/setup.sh

# The repository stands alone: no tracked file may refer to a path outside it.
check-standalone:
	scripts/check-standalone.sh

# The desktop crate embeds ui/dist, so the UI is built before any Rust build (cargo check and clippy included).
ui:
	cd ui && npm run build

build: deps ui
	$(CARGO) build --workspace

check-fmt:
	$(CARGO) fmt --all -- --check

clippy: ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Every Rust test except the window tests, which need a display and run in test-desktop.
test-rust: ui
	$(CARGO) test --workspace --exclude lifeboat-desktop
	$(CARGO) test -p lifeboat-desktop --lib

# The token store against a real Secret Service (gnome-keyring on a private D-Bus session).
test-keyring:
	scripts/with-secret-service.sh $(CARGO) test -p lifeboat-core --features secret-service-tests --test token_store_keyring

test-ui:
	cd ui && npm run check && npm test && npm run test:browser

test-desktop: ui
	$(CARGO) build -p lifeboat-desktop
	dbus-run-session -- $(XVFB) env CARGO=$(CARGO) scripts/test-desktop.sh

## Regenerate the TypeScript types of the IPC payloads from the Rust types, and the window's MessageKey from
## locales/en/ui.ftl.
ts-types:
	LIFEBOAT_UPDATE_TS=1 $(CARGO) test -p lifeboat-desktop --lib ipc_types
	cd ui && npm run i18n:keys

fmt:
	$(CARGO) fmt --all

## Refresh docs/screenshots/ from the real window (the desktop tests save every screen they visit).
screenshots: test-desktop
	mkdir -p docs/screenshots
	cp target/e2e-screenshots/*.png docs/screenshots/

## Benchmarks, not tests: Lifeboat against a hello-world Tauri app built the same way (start, memory, .deb size).
bench-desktop: deps ui
	scripts/bench-desktop.sh
