# zkos-ts: `make run` runs the built-in sample, `make test` runs the test suites.
# Needs only Node.js 20+, npm and the LLVM 14 tools (llvm-mc, llc, opt); installs npm packages itself.

ZKOS := node bin/zkos.mjs
SAMPLES := build/programs
ASM := programs/asm

.PHONY: run test bench build deps doctor samples clean statetests statetests-riscv

# npm ci when node_modules is missing or older than the lock file.
node_modules/.zkos-deps: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20 and npm (Debian: apt-get install nodejs npm)"; exit 2; }
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.zkos-deps

build: deps
	node scripts/build.mjs

doctor: build
	@$(ZKOS) doctor

$(SAMPLES)/%.elf: $(ASM)/%.S $(ASM)/runtime.S | build
	@mkdir -p $(SAMPLES)
	$(ZKOS) asm $< $(ASM)/runtime.S -o $@

samples: $(SAMPLES)/hello.elf $(SAMPLES)/fib.elf $(SAMPLES)/sieve.elf $(SAMPLES)/mix.elf

GUESTS := build/guests

# An AssemblyScript guest, built for both targets (cached by content: instant when unchanged).
guest-%: | doctor
	$(ZKOS) build programs/as/$*.ts -o $(GUESTS)/$*

# The main job: the sample block (ETH transfers, an ERC-20 deployment and transfers) through the guest
# OS natively and on RISC-V, then both targets compared query by query.
BLOCK := programs/blocks/sample.json

run: doctor samples
	$(ZKOS) run $(SAMPLES)/hello.elf
	$(ZKOS) block $(BLOCK)
	$(ZKOS) block $(BLOCK) --target riscv
	$(ZKOS) diff --block $(BLOCK)

test: doctor
	npx tsc --noEmit
	@mkdir -p build
	npx vitest run --reporter=default --reporter=json --outputFile.json=build/vitest.json
	@node scripts/test-summary.mjs build/vitest.json

# The Ethereum state tests (../shared/conformance): natively (also part of `make test`), and the
# whole dev set on RISC-V against the native results (about 12 minutes on 2 cores; not in `make test`).
STATE_TESTS := ../shared/conformance/ethereum-tests/GeneralStateTests

statetests: doctor
	$(ZKOS) statetest $(STATE_TESTS) --jobs 2

statetests-riscv: doctor
	ZKOS_STATETESTS_RISCV=1 npx vitest run test/statetests-riscv.test.ts

bench: doctor
	node dist/bench.mjs

clean:
	rm -rf build dist
