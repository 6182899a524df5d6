# Build targets for `sam build` (template.yaml: Metadata.BuildMethod: makefile, CodeUri: .).
# SAM's own Maven builder cannot build a module that needs its parent POM and sibling modules, so
# the reactor builds the three function modules (with what they need, -am) ONCE, behind a stamp
# file; each build-<Function> target, which sam build calls with that function's ARTIFACTS_DIR,
# only unpacks its module's Lambda jar (classes plus dependencies, made by maven-shade-plugin), the
# layout Lambda's Java runtime loads. Run `sam build --build-in-source` (samconfig.toml sets it):
# otherwise SAM copies the repository once per function and each copy builds the reactor again.
# .ci/run runs these targets too (scripts/check-lambda-artifacts.sh).

SHELL := /bin/bash

# the JDK ./noops would pick: JAVA_HOME if it is >= 21, else the newest >= 21 under /usr/lib/jvm, else PATH
NOOPS_JAVA_HOME := $(shell bash -c 'source scripts/jdk.sh && noops_select_jdk >&2 && echo "$$JAVA_HOME"')
ifeq ($(NOOPS_JAVA_HOME),)
$(error no JDK >= 21 found (scripts/jdk.sh says what to install))
endif
export JAVA_HOME := $(NOOPS_JAVA_HOME)
export PATH := $(NOOPS_JAVA_HOME)/bin:$(PATH)

MVNW      ?= ./mvnw -B -q
FUNCTIONS := logs-to-elk subscribe-log-group config-api
comma     := ,
STAMP     := target/sam-reactor.stamp
# whatever the Lambda jars are made of: a change to any of it rebuilds the reactor
SOURCES   := $(shell find . -path ./.git -prune -o -path '*/target' -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -print)

define lambda
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: sam build sets it, e.g. make $@ ARTIFACTS_DIR=/tmp/x))
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && "$(JAVA_HOME)/bin/jar" xf "$(CURDIR)/$(1)/target/noops-$(1)-lambda.jar"
	rm -rf "$(ARTIFACTS_DIR)/META-INF/maven"
endef

.PHONY: build-ShipperFunction build-SubscriberFunction build-ConfigFunction

# sam build may run the three targets in parallel (--parallel): the lock makes the second and
# third wait for the first reactor build instead of starting their own.
$(STAMP): $(SOURCES)
	@mkdir -p target
	@if command -v flock >/dev/null 2>&1; then exec 9>target/sam-reactor.lock && flock 9; fi; \
	  if [ -f $(STAMP) ] && [ -z "$$(find . -path ./.git -prune -o -path '*/target' -prune -o \
	       \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer $(STAMP) -print -quit)" ]; then \
	    exit 0; \
	  fi; \
	  echo "building the reactor once for $(FUNCTIONS) with $(JAVA_HOME)"; \
	  $(MVNW) -pl $(subst $(eval) ,$(comma),$(FUNCTIONS)) -am package -DskipTests && touch $(STAMP)

build-ShipperFunction: $(STAMP)
	$(call lambda,logs-to-elk)

build-SubscriberFunction: $(STAMP)
	$(call lambda,subscribe-log-group)

build-ConfigFunction: $(STAMP)
	$(call lambda,config-api)
